/**
 * What a benchmark is to the runner in bench/main.ts, and the settings every one of them
 * follows. A benchmark boots what it needs, alternates baseline and subject, stops everything
 * it started, and returns figures; it never decides pass or fail.
 */
import type { Figure } from './figure.js';
import { helloAgentDir } from './paths.js';

/**
 * `par run` serves a packed `.apkg` of the example agent by default, as production boots from
 * an archive (download aside); `--folder` serves the example's folder instead.
 */
const bootFromApkg = true;

/** How hard and how long every benchmark works; `--quick` shrinks all of it. */
export interface BenchSettings {
  readonly quick: boolean;
  /** Alternating rounds of baseline and subject; each figure has this many runs per side. */
  readonly rounds: number;
  /** Length of one load run. */
  readonly loadDurationSec: number;
  /** Concurrent connections (or in-flight calls) a load run keeps open. */
  readonly connections: number;
  /**
   * The package every `par run` of the suite serves, cold boot included: the example agent's
   * folder by default, or any folder or `.apkg` given with `--package PATH`.
   */
  readonly packagePath: string;
  /**
   * Serve a packed `.apkg` of the example agent, made at bench start, instead of its folder
   * (the default; `--folder` turns it off); `--package` wins over it.
   */
  readonly bootFromApkg: boolean;
  /** Size of the archive the package-path benchmark downloads, verifies and extracts. */
  readonly packageFixtureMb: number;
}

export const fullSettings: BenchSettings = {
  quick: false,
  rounds: 5,
  loadDurationSec: 4,
  connections: 20,
  packagePath: helloAgentDir,
  bootFromApkg,
  packageFixtureMb: 50,
};

export const quickSettings: BenchSettings = {
  quick: true,
  rounds: 2,
  loadDurationSec: 0.5,
  connections: 8,
  packagePath: helloAgentDir,
  bootFromApkg,
  packageFixtureMb: 4,
};

export interface Benchmark {
  /** Short name used by `--only` and in the report. */
  readonly name: string;
  /** One line on what is compared with what. */
  readonly description: string;
  run(settings: BenchSettings): Promise<Figure[]>;
}
