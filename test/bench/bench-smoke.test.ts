import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import path from 'node:path';
import { describe, it } from 'node:test';
import { promisify } from 'node:util';
import { repoRoot } from '../helpers/paths.js';

const run = promisify(execFile);

interface Summary {
  min: number;
  median: number;
  max: number;
  runs: number;
}

interface Report {
  benchmarks: Array<{ name: string; figures: number }>;
  failures: unknown[];
  figures: Array<{
    benchmark: string;
    metric: string;
    subject: Summary;
    baseline?: Summary;
    ratio?: number;
    goal?: { text: string; met: boolean };
  }>;
}

// A smoke check only: every registered benchmark runs end to end, briefly (2 rounds, 0.5 s
// loads, a 4 MB package), and reports well-formed figures against a baseline. No timing decides
// anything here; the machine running the tests is shared and noisy.
describe('npm run bench -- --quick --json', () => {
  it('runs every benchmark and reports min <= median <= max against a baseline', async () => {
    // The bench exits 1 when a benchmark could not run; its report still says which and why.
    const stdout = await run(
      process.execPath,
      ['--import', 'tsx', path.join(repoRoot, 'bench/main.ts'), '--quick', '--json'],
      { cwd: repoRoot, timeout: 240_000, maxBuffer: 16 * 1024 * 1024 }
    ).then(
      (done) => done.stdout,
      (error: { stdout?: string; stderr?: string }) => {
        if (!error.stdout) throw error;
        return error.stdout;
      }
    );
    const report = JSON.parse(stdout) as Report;

    assert.deepEqual(report.failures, []);
    const { stdout: help } = await run(
      process.execPath,
      ['--import', 'tsx', path.join(repoRoot, 'bench/main.ts'), '--help'],
      { cwd: repoRoot }
    );
    const registered = /^Benchmarks: (.+)$/m.exec(help)?.[1]?.split(', ') ?? [];
    assert.ok(registered.length >= 6, `expected the registered benchmarks in --help: ${help}`);
    assert.deepEqual(
      report.benchmarks.map((item) => item.name),
      registered
    );
    for (const item of report.benchmarks) {
      assert.ok(item.figures > 0, `${item.name} reported no figure`);
    }

    for (const item of report.figures) {
      const label = `${item.benchmark} ${item.metric}`;
      assert.ok(item.baseline !== undefined, `${label}: no baseline`);
      for (const summary of [item.subject, item.baseline]) {
        assert.ok(summary.runs >= 2, `${label}: fewer than 2 runs`);
        assert.ok(Number.isFinite(summary.median), `${label}: not finite`);
        assert.ok(summary.min <= summary.median && summary.median <= summary.max, label);
      }
      if (item.goal !== undefined) assert.equal(typeof item.goal.met, 'boolean', label);
    }
  });
});
