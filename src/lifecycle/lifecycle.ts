import type { Logger } from '../telemetry/index.js';
import type { BootStats, LifecycleState, RuntimeStatus, SurfaceName } from '../transports/index.js';

const allowedTransitions: Record<LifecycleState, readonly LifecycleState[]> = {
  STARTING: ['READY', 'DRAINING', 'FAILED'],
  READY: ['DRAINING', 'FAILED'],
  DRAINING: ['STOPPED'],
  FAILED: ['STOPPED'],
  STOPPED: [],
};

/** Every lifecycle state, in the order a runtime may pass through them. */
export const lifecycleStates = Object.keys(allowedTransitions) as readonly LifecycleState[];

/**
 * The runtime's one state machine (states are documented on `LifecycleState`). Every change
 * goes through `transition`, which logs it; health and readiness are read from here.
 */
export class Lifecycle implements RuntimeStatus {
  private current: LifecycleState = 'STARTING';
  private readonly listening: Record<SurfaceName, boolean> = { rest: false, a2a: false, ui: false };
  private stats: BootStats | undefined;
  private readonly listeners = new Set<(state: LifecycleState) => void>();

  constructor(private readonly logger: Logger) {}

  get state(): LifecycleState {
    return this.current;
  }

  get ready(): boolean {
    return this.current === 'READY';
  }

  transition(next: LifecycleState, data: Record<string, unknown> = {}): void {
    const from = this.current;
    if (from === next) return;
    if (!allowedTransitions[from].includes(next)) {
      throw new Error(`Bug: lifecycle cannot go from ${from} to ${next}`);
    }
    this.current = next;
    this.logger.info({ from, to: next, ...data }, 'lifecycle state changed');
    for (const listener of this.listeners) listener(next);
  }

  markListening(surface: SurfaceName, listening: boolean): void {
    this.listening[surface] = listening;
  }

  surfaces(): Readonly<Record<SurfaceName, boolean>> {
    return { ...this.listening };
  }

  setBootStats(stats: BootStats): void {
    this.stats = stats;
  }

  bootStats(): BootStats | undefined {
    return this.stats;
  }

  onStateChange(listener: (state: LifecycleState) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
