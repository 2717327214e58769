import type { BootStats } from '../transports/index.js';

export type BootPhase =
  'config' | 'acquire' | 'extract' | 'manifest' | 'install' | 'load' | 'serve';

/**
 * The time before the runtime's own code ran: Node's start, modules preloaded with `--import`
 * or `--require` (NODE_OPTIONS), and importing the runtime itself. Reported as a phase so the
 * phases add up to the total.
 */
export const startupPhase = 'startup';

/**
 * Times the boot phases. Time is measured from process start: in Node, `performance.now()`
 * counts from `performance.timeOrigin`, which is taken when the process starts, before any
 * JavaScript runs (test/lifecycle/boot-stats.test.ts proves it with a slow `--import`). So a
 * slow preload or a slow import of the runtime is counted too.
 */
export class BootClock {
  private readonly phasesMs: Record<string, number> = {};
  private totalMs: number | null = null;
  private running: BootPhase | undefined;

  constructor() {
    this.phasesMs[startupPhase] = this.elapsedMs();
  }

  async phase<T>(name: BootPhase, run: () => Promise<T> | T): Promise<T> {
    const startedAt = performance.now();
    this.running = name;
    try {
      return await run();
    } finally {
      this.phasesMs[name] = roundMs(performance.now() - startedAt);
      if (this.running === name) this.running = undefined;
    }
  }

  /** The phase running right now, for error messages about a boot that took too long. */
  currentPhase(): BootPhase | undefined {
    return this.running;
  }

  /** Milliseconds since the process started. */
  elapsedMs(): number {
    return roundMs(performance.now());
  }

  finish(): BootStats {
    this.totalMs = this.elapsedMs();
    return this.stats();
  }

  stats(): BootStats {
    return { total_ms: this.totalMs, phases_ms: { ...this.phasesMs } };
  }
}

function roundMs(value: number): number {
  return Math.round(value * 1000) / 1000;
}
