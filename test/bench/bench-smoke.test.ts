import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import path from 'node:path';
import { describe, it } from 'node:test';
import { promisify } from 'node:util';
import { repoRoot } from '../helpers/paths.js';

const run = promisify(execFile);

// A smoke check only: the benchmarks run end to end and report well-formed figures. No timing
// decides anything here; the machine running the tests is shared and noisy.
describe('npm run bench -- --quick --json', () => {
  it('runs every benchmark and reports finite figures against baselines', async () => {
    const { stdout } = await run(
      process.execPath,
      ['--import', 'tsx', path.join(repoRoot, 'bench/main.ts'), '--quick', '--json'],
      { cwd: repoRoot, timeout: 240_000, maxBuffer: 16 * 1024 * 1024 }
    );
    const report = JSON.parse(stdout) as {
      failures: unknown[];
      figures: Array<{ benchmark: string; subject: { median: number }; baseline?: unknown }>;
    };
    assert.deepEqual(report.failures, []);
    const names = new Set(report.figures.map((item) => item.benchmark.split(' ')[0]));
    for (const name of ['cold-boot', 'rest', 'streaming', 'memory']) {
      assert.ok(names.has(name), `no figure from ${name}`);
    }
    for (const item of report.figures) {
      assert.ok(Number.isFinite(item.subject.median), `${item.benchmark}: not finite`);
      assert.ok(item.baseline !== undefined, `${item.benchmark}: no baseline`);
    }
  });
});
