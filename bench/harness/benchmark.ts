import type { Figure } from './figure.js';

/** How hard and how long every benchmark works; `--quick` shrinks all of it. */
export interface BenchSettings {
  readonly quick: boolean;
  /** Alternating rounds of baseline and subject; each figure has this many runs per side. */
  readonly rounds: number;
  /** Length of one load run. */
  readonly loadDurationSec: number;
  /** Concurrent connections (or in-flight calls) a load run keeps open. */
  readonly connections: number;
}

export const fullSettings: BenchSettings = {
  quick: false,
  rounds: 5,
  loadDurationSec: 5,
  connections: 20,
};

export const quickSettings: BenchSettings = {
  quick: true,
  rounds: 2,
  loadDurationSec: 1,
  connections: 10,
};

export interface Benchmark {
  /** Short name used by `--only` and in the report. */
  readonly name: string;
  /** One line on what is compared with what. */
  readonly description: string;
  run(settings: BenchSettings): Promise<Figure[]>;
}
