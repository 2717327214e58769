import type { Benchmark, BenchSettings } from '../harness/benchmark.js';
import { figure, ratioGoal, type Figure } from '../harness/figure.js';
import { installDependencies } from '../../src/package/index.js';
import { createLogger } from '../../src/telemetry/index.js';
import { DependencyHarness } from '../../test/helpers/dependency-harness.js';
import {
  offlineNpmEnv,
  writeAgentWithDependencies,
  type DependencySource,
} from '../../test/helpers/npm-fixtures.js';

/**
 * The install boot phase: a first install (npm ci from a warm npm cache, offline, then the
 * entry published and linked into the package) against reusing the cached entry for the same
 * lockfile in a fresh package folder. The subject is the cached reuse, the baseline the first
 * install, so the ratio is the share of the first install a cached boot still pays.
 */
export const dependencies: Benchmark = {
  name: 'dependencies',
  description: 'install phase: cached reuse vs first install (npm ci) of the same lockfile',
  async run(settings) {
    const harness = await DependencyHarness.create();
    // npm, started by the install, reads its settings from the environment.
    const npmEnv = offlineNpmEnv(harness.workDir);
    const saved = Object.keys(npmEnv).map((name) => [name, process.env[name]] as const);
    Object.assign(process.env, npmEnv);
    try {
      const fixtures = settings.quick ? [1] : [1, 25];
      const figures: Figure[] = [];
      for (const count of fixtures) figures.push(await measure(harness, count, settings));
      return figures;
    } finally {
      for (const [name, value] of saved) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
      await harness.remove();
    }
  },
};

/** Packages of a few files each, like small utility libraries. */
function sources(count: number): DependencySource[] {
  return Array.from({ length: count }, (_, index) => ({
    name: `par-bench-dep-${index}`,
    extraFiles: Object.fromEntries(
      Array.from({ length: 20 }, (_unused, file) => [
        `lib/part-${file}.js`,
        `export const part${file} = ${JSON.stringify('x'.repeat(2000))};\n`,
      ])
    ),
  }));
}

async function measure(
  harness: DependencyHarness,
  count: number,
  settings: BenchSettings
): Promise<Figure> {
  const packed = await harness.packMany(sources(count));
  const { logger } = createLogger({ level: 'silent', format: 'json' });
  const install = async (cacheDir: string) => {
    const root = await harness.folder('agent');
    await writeAgentWithDependencies(root, { dependencies: packed });
    const startedAt = performance.now();
    const outcome = await installDependencies({
      root,
      scriptsRequested: false,
      settings: { allowScripts: false, offline: true, timeoutMs: 300_000, npmCli: undefined },
      cacheDir,
      logger,
    });
    const elapsedMs = performance.now() - startedAt;
    if (outcome.action === 'none') throw new Error('Bug: the fixture installed nothing');
    return { elapsedMs, npmRan: outcome.npmRan };
  };

  const first: number[] = [];
  const cached: number[] = [];
  const rounds = settings.quick ? 2 : settings.rounds;
  for (let round = 0; round < rounds; round += 1) {
    const cacheDir = await harness.cacheDir();
    const cold = await install(cacheDir);
    const warm = await install(cacheDir);
    if (!cold.npmRan || warm.npmRan) throw new Error('Bug: expected npm on the first run only');
    first.push(cold.elapsedMs);
    cached.push(warm.elapsedMs);
  }
  return figure({
    benchmark: `dependencies (${count} pkg${count === 1 ? '' : 's'})`,
    metric: 'install phase',
    unit: 'ms',
    direction: 'lower-is-better',
    subject: cached,
    baseline: first,
    goal: ratioGoal(0.05),
  });
}
