import type { BootStats } from '../transports/index.js';

export type BootPhase =
  'config' | 'acquire' | 'extract' | 'manifest' | 'install' | 'load' | 'serve';

/**
 * Times the boot phases. Time is measured from process start (`performance.now()` counts from
 * the process's time origin), so work done before the runtime's code ran is counted too.
 */
export class BootClock {
  private readonly phasesMs: Partial<Record<BootPhase, number>> = {};
  private totalMs: number | null = null;

  async phase<T>(name: BootPhase, run: () => Promise<T> | T): Promise<T> {
    const startedAt = performance.now();
    try {
      return await run();
    } finally {
      this.phasesMs[name] = roundMs(performance.now() - startedAt);
    }
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
