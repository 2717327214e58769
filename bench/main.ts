/**
 * `npm run bench`: every benchmark against its bare baseline, in one run, printed as one table
 * (`--json` for machines, `--quick` for a short smoke run, `--only a,b` to pick benchmarks,
 * `--package PATH` to boot PAR from another package). Timings here inform; nothing in CI
 * passes or fails on them.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { coldBoot } from './benchmarks/cold-boot.js';
import { dependencies } from './benchmarks/dependencies.js';
import { grpcInvoke } from './benchmarks/grpc.js';
import { memory } from './benchmarks/memory.js';
import { packagePath } from './benchmarks/package-path.js';
import { rest } from './benchmarks/rest.js';
import { streaming } from './benchmarks/streaming.js';
import {
  fullSettings,
  quickSettings,
  type Benchmark,
  type BenchSettings,
} from './harness/benchmark.js';
import { makePackageFixture } from './harness/package-fixture.js';
import { formatTable, machineInfo, type Report } from './harness/report.js';

// The order they run in. One line each: a new benchmark is one import and one line here.
const benchmarks: readonly Benchmark[] = [
  coldBoot,
  rest,
  grpcInvoke,
  streaming,
  memory,
  packagePath,
  dependencies,
];

const usage = `Usage: npm run bench -- [--quick] [--json] [--only NAME[,NAME...]]
                        [--package PATH | --folder]

  --quick     short smoke run: 2 rounds, 0.5 s loads, a 4 MB package (what the tests run)
  --json      the report as JSON instead of a table
  --only      run only these benchmarks
  --package   the package \`par run\` serves (folder or .apkg; default: a packed .apkg of
              examples/hello-agent, made at bench start)
  --folder    serve the examples/hello-agent folder instead of its packed .apkg

Benchmarks: ${benchmarks.map((benchmark) => benchmark.name).join(', ')}
`;

// The S3 client warns on every Node 20 process that its later versions will need Node 22.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      quick: { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
      only: { type: 'string' },
      package: { type: 'string' },
      folder: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(usage);
    return 0;
  }
  const wanted = values.only?.split(',').map((name) => name.trim());
  const unknown = wanted?.filter((name) => !benchmarks.some((item) => item.name === name)) ?? [];
  if (unknown.length > 0) {
    process.stderr.write(`unknown benchmark(s): ${unknown.join(', ')}\n${usage}`);
    return 2;
  }
  const selected = benchmarks.filter((item) => wanted === undefined || wanted.includes(item.name));
  const workspace = await mkdtemp(path.join(os.tmpdir(), 'par-bench-'));
  try {
    const settings = await resolveSettings(values, workspace);
    return await runAll(selected, settings, values.json);
  } finally {
    await rm(workspace, { recursive: true, force: true });
  }
}

/** The quick or full settings, with the package `par run` serves resolved to a path. */
async function resolveSettings(
  options: { quick: boolean; package?: string | undefined; folder: boolean },
  workspace: string
): Promise<BenchSettings> {
  const base = options.quick ? quickSettings : fullSettings;
  if (options.package !== undefined) {
    return { ...base, packagePath: path.resolve(options.package), bootFromApkg: false };
  }
  if (options.folder || !base.bootFromApkg) return { ...base, bootFromApkg: false };

  const packed = await makePackageFixture(workspace, 0);
  return { ...base, packagePath: packed.path, bootFromApkg: true };
}

async function runAll(
  selected: readonly Benchmark[],
  settings: BenchSettings,
  json: boolean
): Promise<number> {
  const startedAt = performance.now();
  const report: Report = {
    takenAt: new Date().toISOString(),
    durationMs: 0,
    machine: machineInfo(),
    settings,
    benchmarks: [],
    figures: [],
    failures: [],
  };
  for (const benchmark of selected) {
    if (!json) process.stderr.write(`running ${benchmark.name}: ${benchmark.description}\n`);
    const benchmarkStartedAt = performance.now();
    let figures = 0;
    try {
      const produced = await benchmark.run(settings);
      figures = produced.length;
      report.figures.push(...produced);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      report.failures.push({ benchmark: benchmark.name, error: message });
    }
    const durationMs = Math.round(performance.now() - benchmarkStartedAt);
    report.benchmarks.push({ name: benchmark.name, figures, durationMs });
  }
  report.durationMs = Math.round(performance.now() - startedAt);

  process.stdout.write(json ? `${JSON.stringify(report, null, 2)}\n` : formatTable(report));
  return report.failures.length > 0 ? 1 : 0;
}

process.exitCode = await main();
