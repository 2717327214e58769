/**
 * What every transport may know about the runtime's state, as an interface: the lifecycle
 * implements it, transports only read it. This keeps transports free of lifecycle imports.
 */

/**
 * | state    | meaning                                                        |
 * |----------|----------------------------------------------------------------|
 * | STARTING | booting: acquiring, loading, starting surfaces; health is 503  |
 * | READY    | every declared surface listens and the agent is loaded        |
 * | DRAINING | a stop was asked for; health is 503, in-flight work finishes  |
 * | STOPPED  | surfaces closed, hooks run; the process is about to exit      |
 * | FAILED   | boot failed; the process is backing off before it exits       |
 */
export type LifecycleState = 'STARTING' | 'READY' | 'DRAINING' | 'STOPPED' | 'FAILED';

export type SurfaceName = 'rest' | 'a2a' | 'ui';

export interface BootStats {
  /** Milliseconds from process start to ready; null until ready. */
  readonly total_ms: number | null;
  readonly phases_ms: Readonly<Record<string, number>>;
}

export interface RuntimeStatus {
  readonly state: LifecycleState;
  /** True only in READY: what readiness probes and load balancers see. */
  readonly ready: boolean;
  /** Which surfaces are listening right now. */
  surfaces(): Readonly<Record<SurfaceName, boolean>>;
  bootStats(): BootStats | undefined;
  /** Calls `listener` on every state change; returns a function that stops listening. */
  onStateChange(listener: (state: LifecycleState) => void): () => void;
}
