/**
 * `npm run bench`: every benchmark against its bare baseline, in one run, printed as one table
 * (`--json` for machines, `--quick` for a short smoke run, `--only a,b` to pick benchmarks).
 * Timings here inform; nothing in CI passes or fails on them.
 */
import { parseArgs } from 'node:util';
import { coldBoot } from './benchmarks/cold-boot.js';
import { dependencies } from './benchmarks/dependencies.js';
import { memory } from './benchmarks/memory.js';
import { rest } from './benchmarks/rest.js';
import { streaming } from './benchmarks/streaming.js';
import { fullSettings, quickSettings, type Benchmark } from './harness/benchmark.js';
import { formatTable, machineInfo, type Report } from './harness/report.js';

const benchmarks: readonly Benchmark[] = [coldBoot, rest, streaming, memory, dependencies];

const usage = `Usage: npm run bench -- [--quick] [--json] [--only NAME[,NAME...]]

Benchmarks: ${benchmarks.map((benchmark) => benchmark.name).join(', ')}
`;

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      quick: { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
      only: { type: 'string' },
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
  const settings = values.quick ? quickSettings : fullSettings;

  const startedAt = performance.now();
  const report: Report = {
    takenAt: new Date().toISOString(),
    durationMs: 0,
    machine: machineInfo(),
    settings,
    figures: [],
    failures: [],
  };
  for (const benchmark of selected) {
    if (!values.json) process.stderr.write(`running ${benchmark.name}: ${benchmark.description}\n`);
    try {
      report.figures.push(...(await benchmark.run(settings)));
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      report.failures.push({ benchmark: benchmark.name, error: message });
    }
  }
  report.durationMs = Math.round(performance.now() - startedAt);

  process.stdout.write(values.json ? `${JSON.stringify(report, null, 2)}\n` : formatTable(report));
  return report.failures.length > 0 ? 1 : 0;
}

process.exitCode = await main();
