/**
 * Boot phases, the budget warning and boot_stats of a real `par run` child process, against a
 * package whose load is slowed on purpose, and proof that the boot clock starts when the
 * process starts: a module preloaded with NODE_OPTIONS=--import delays the runtime's code, and
 * that time is counted.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, it } from 'node:test';
import { call } from '../helpers/http-calls.js';
import { recordsWith } from '../helpers/par-logs.js';
import { startPar } from '../helpers/par-process.js';
import { fixturesDir } from '../helpers/paths.js';
import { parseSamples, sampleValue } from '../helpers/prometheus-text.js';

interface BootStats {
  total_ms: number;
  phases_ms: Record<string, number>;
}

async function bootStatsOf(port: number): Promise<BootStats> {
  const meta = await call(port, '/meta');
  assert.equal(meta.status, 200);
  return (JSON.parse(meta.body) as { boot_stats: BootStats }).boot_stats;
}

describe('boot stats of a real process', { concurrency: true }, () => {
  it('warns over budget and reports a slow load alike in /meta, the log and /metrics', async () => {
    const slowLoadMs = 1200;
    const { par, restPort } = await startPar(path.join(fixturesDir, 'slow-load'), {
      SLOW_LOAD_MS: `${slowLoadMs}`,
      BOOT_BUDGET_MS: '400',
    });
    try {
      const stats = await bootStatsOf(restPort);
      const phases = stats.phases_ms;
      assert.deepEqual(Object.keys(phases), [
        'startup',
        'config',
        'acquire',
        'manifest',
        'install',
        'load',
        'serve',
      ]);
      assert.ok(phases.load! >= slowLoadMs, `load took ${phases.load} ms`);
      const sum = Object.values(phases).reduce((total, ms) => total + ms, 0);
      assert.ok(sum <= stats.total_ms + 1, `phases ${sum} ms add up to at most the total`);

      const [warning] = recordsWith(par, 'boot exceeded budget');
      assert.equal(warning?.budget_ms, 400, par.output());
      assert.equal(warning?.boot_ms, stats.total_ms);
      const [ready] = recordsWith(par, 'runtime ready');
      assert.equal(ready?.boot_ms, stats.total_ms);
      assert.deepEqual(ready?.phases_ms, phases);

      const samples = parseSamples((await call(restPort, '/metrics')).body);
      const inSeconds = (ms: number) => Math.round(ms * 1000) / 1_000_000;
      assert.equal(sampleValue(samples, 'par_boot_duration_seconds'), inSeconds(stats.total_ms));
      for (const [phase, ms] of Object.entries(phases)) {
        const seconds = sampleValue(samples, 'par_boot_phase_duration_seconds', { phase });
        assert.equal(seconds, inSeconds(ms), phase);
      }
      assert.equal(sampleValue(samples, 'par_ready'), 1);
      assert.equal(sampleValue(samples, 'par_lifecycle_state', { state: 'READY' }), 1);
      assert.equal(sampleValue(samples, 'par_lifecycle_state', { state: 'STARTING' }), 0);
    } finally {
      await par.stop('SIGTERM');
    }
  });

  it('logs no budget warning when the boot is within budget', async () => {
    const { par, restPort } = await startPar(path.join(fixturesDir, 'rest-agent'), {
      BOOT_BUDGET_MS: '120000',
    });
    try {
      assert.ok((await bootStatsOf(restPort)).total_ms > 0);
      assert.equal(recordsWith(par, 'boot exceeded budget').length, 0);
    } finally {
      await par.stop('SIGTERM');
    }
  });

  it('starts the boot clock at process start, counting a slow --import preload', async () => {
    const preloadMs = 1500;
    const spawnedAt = Date.now();
    const { par, restPort } = await startPar(path.join(fixturesDir, 'rest-agent'), {
      NODE_OPTIONS: `--import=${path.join(fixturesDir, 'slow-start/preload.js')}`,
      SLOW_START_MS: `${preloadMs}`,
    });
    const readySeenMs = Date.now() - spawnedAt;
    try {
      const stats = await bootStatsOf(restPort);
      assert.ok(stats.phases_ms.startup! >= preloadMs, `startup ${stats.phases_ms.startup} ms`);
      assert.ok(stats.total_ms >= preloadMs, `total ${stats.total_ms} ms`);
      // The clock cannot have started before the process did.
      assert.ok(stats.total_ms <= readySeenMs, `${stats.total_ms} ms > ${readySeenMs} ms seen`);
    } finally {
      await par.stop('SIGTERM');
    }
  });
});
