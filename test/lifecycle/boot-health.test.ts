/**
 * The REST port while the package is still loading: a real `par run` of a package whose import
 * is slowed on purpose answers /health 503, /livez 200 and anything else 503 until it is ready,
 * then hands the port to the REST surface.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, it } from 'node:test';
import { call, type CallResult } from '../helpers/http-calls.js';
import { ParProcess } from '../helpers/par-process.js';
import { fixturesDir } from '../helpers/paths.js';
import { freePorts } from '../helpers/ports.js';

/** Polls until the port answers at all (the process is starting). */
async function firstAnswer(port: number, urlPath: string): Promise<CallResult> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const answer = await call(port, urlPath);
    if (answer.status !== undefined || Date.now() > deadline) return answer;
    await sleep(25);
  }
}

describe('the REST port during the boot', () => {
  it('answers 503 on /health and other routes, 200 on /livez, while the agent loads', async () => {
    const [restPort, a2aPort, uiPort] = (await freePorts(3)) as [number, number, number];
    const par = new ParProcess({
      args: ['run', path.join(fixturesDir, 'slow-load')],
      env: {
        AGENT_APP_ID: 'boot-health',
        BIND_HOST: '127.0.0.1',
        REST_PORT: String(restPort),
        A2A_PORT: String(a2aPort),
        UI_PORT: String(uiPort),
        BASE_PATH: '/agents/boot-health',
        SLOW_LOAD_MS: '4000',
      },
    });
    try {
      const health = await firstAnswer(restPort, '/health');
      assert.equal(health.status, 503, health.body);
      const body = JSON.parse(health.body) as { ok: boolean; state: string };
      assert.deepEqual([body.ok, body.state], [false, 'STARTING']);
      assert.equal((await call(restPort, '/agents/boot-health/health')).status, 503);

      const live = await call(restPort, '/livez');
      assert.equal(live.status, 200);
      assert.equal((JSON.parse(live.body) as { state: string }).state, 'STARTING');

      const meta = await call(restPort, '/agents/boot-health/meta');
      assert.equal(meta.status, 503);
      const envelope = JSON.parse(meta.body) as { error: { code: string } };
      assert.equal(envelope.error.code, 'PAR_ERR_REST_NOT_READY');
      assert.equal(
        par.records().some((record) => record.msg === 'runtime ready'),
        false
      );

      await par.waitForMessage('runtime ready', 30_000);
      assert.equal((await call(restPort, '/health')).status, 200);
      assert.equal((await call(restPort, '/agents/boot-health/meta')).status, 200);
    } finally {
      await par.stop('SIGKILL');
    }
  });

  it('frees the port when a stop signal arrives during the load', async () => {
    const [restPort, a2aPort] = (await freePorts(2)) as [number, number];
    const par = new ParProcess({
      args: ['run', path.join(fixturesDir, 'slow-load')],
      env: {
        AGENT_APP_ID: 'boot-health',
        BIND_HOST: '127.0.0.1',
        REST_PORT: String(restPort),
        A2A_PORT: String(a2aPort),
        SLOW_LOAD_MS: '4000',
      },
    });
    try {
      assert.equal((await firstAnswer(restPort, '/health')).status, 503);
      par.signal('SIGTERM');
      const exit = await par.exited;
      assert.equal(exit.code, 0, par.output());
      const after = await call(restPort, '/health');
      assert.equal(after.error, 'ECONNREFUSED', 'nothing listens after the exit');
    } finally {
      await par.stop('SIGKILL');
    }
  });
});
