/**
 * The shutdown sequence of a real `par run` child process, driven by real signals: in-flight
 * requests finish, listeners close, the grace period cuts what is left, a second signal exits
 * at once. The slow-agent fixture holds each request until the process gets SIGUSR2, so the
 * test decides when in-flight work ends instead of guessing durations.
 */
import assert from 'node:assert/strict';
import http from 'node:http';
import path from 'node:path';
import { describe, it } from 'node:test';
import { call, connectionRefused, waitUntil } from '../helpers/http-calls.js';
import {
  recordsWith,
  shutdownStep,
  waitForCount,
  waitForShutdownStep,
  waitForState,
} from '../helpers/par-logs.js';
import { startPar, type StartedPar } from '../helpers/par-process.js';
import { fixturesDir } from '../helpers/paths.js';
import { parseSamples, sampleValue } from '../helpers/prometheus-text.js';

const slowAgent = path.join(fixturesDir, 'slow-agent');
const everyStep = [
  'mark-draining',
  'drain-delay',
  'close-surfaces',
  'agent-shutdown',
  'cleanup',
  'flush-logs',
];

async function withPar(
  env: Record<string, string>,
  run: (started: StartedPar) => Promise<void>
): Promise<void> {
  const started = await startPar(slowAgent, env);
  try {
    await run(started);
  } finally {
    await started.par.stop('SIGKILL');
  }
}

function holdRequest(port: number, agent?: http.Agent) {
  return call(port, '/invoke', { json: { input: { hold: true } }, agent });
}

describe('SIGTERM with requests in flight', { concurrency: true }, () => {
  it(
    'finishes 50 held requests with 200, answers /health 503 during the drain delay, ' +
      'refuses new connections once listeners close, and exits 0 soon after the last answer',
    async () => {
      const graceSec = 60;
      const env = { SHUTDOWN_DRAIN_DELAY_SEC: '3', GRACEFUL_SHUTDOWN_TIMEOUT_SEC: `${graceSec}` };
      await withPar(env, async ({ par, restPort }) => {
        // Keep-alive connections, as a load balancer's pool would hold them.
        const pool = new http.Agent({ keepAlive: true, maxSockets: 100 });
        const requests = Array.from({ length: 50 }, () => holdRequest(restPort, pool));
        let answered = 0;
        for (const request of requests) void request.then(() => (answered += 1));
        await waitForCount(par, 'slow request started', 50);

        const scrape = await call(restPort, '/metrics');
        const inFlight = sampleValue(parseSamples(scrape.body), 'par_requests_in_flight', {
          surface: 'rest',
        });
        assert.equal(inFlight, 51, 'the 50 held requests and the scrape itself');

        const sigtermAt = Date.now();
        par.signal('SIGTERM');
        await waitForState(par, 'DRAINING');
        const health = await call(restPort, '/health');
        assert.equal(health.status, 503, 'health during the drain delay');
        assert.equal(shutdownStep(par, 'drain-delay'), undefined, 'the delay was still running');

        await waitForShutdownStep(par, 'drain-delay');
        await waitUntil(() => connectionRefused(restPort), 'new connections are refused');
        assert.equal(answered, 0, 'listeners closed while all 50 requests were still in flight');

        par.signal('SIGUSR2');
        const results = await Promise.all(requests);
        const result = await par.exited;
        const exitedAt = Date.now();
        pool.destroy();

        assert.equal(result.code, 0, par.output());
        for (const answer of results) {
          assert.equal(answer.status, 200, answer.error);
          assert.deepEqual(JSON.parse(answer.body), {
            output: { done: true },
            request_id: JSON.parse(answer.body).request_id,
            duration_ms: JSON.parse(answer.body).duration_ms,
          });
        }
        const lastAnswerAt = Math.max(...results.map((answer) => answer.at));
        assert.ok(exitedAt - lastAnswerAt < 10_000, `exited ${exitedAt - lastAnswerAt} ms late`);
        assert.ok(exitedAt - sigtermAt < (graceSec * 1000) / 2, 'exited well before the grace');

        const steps = recordsWith(par, 'shutdown step completed');
        assert.deepEqual(
          steps.map((step) => step.step),
          everyStep
        );
        for (const step of steps) assert.equal(typeof step.durationMs, 'number');
        const closing = shutdownStep(par, 'close-surfaces');
        assert.equal(closing?.inFlight, 50);
        assert.equal(closing?.forced, false);
        // Timers may fire a fraction of a millisecond early against performance.now().
        assert.ok((shutdownStep(par, 'drain-delay')?.durationMs as number) >= 2990);
      });
    }
  );

  it('cuts a request longer than the grace period at the grace period and exits 0', async () => {
    await withPar({ GRACEFUL_SHUTDOWN_TIMEOUT_SEC: '1' }, async ({ par, restPort }) => {
      const request = holdRequest(restPort);
      await waitForCount(par, 'slow request started', 1);

      const sigtermAt = Date.now();
      par.signal('SIGTERM');
      const answer = await request;
      const result = await par.exited;

      assert.equal(answer.status, undefined, 'the held request got no answer');
      assert.ok(answer.error, 'the client saw its connection cut');
      assert.ok(answer.at - sigtermAt >= 980, `cut after ${answer.at - sigtermAt} ms`);
      assert.equal(result.code, 0, par.output());
      assert.equal(shutdownStep(par, 'close-surfaces')?.forced, true);
      assert.deepEqual(
        recordsWith(par, 'shutdown step completed').map((step) => step.step),
        everyStep
      );
      assert.equal(recordsWith(par, 'runtime stopped').length, 1);
    });
  });

  it('exits at once with code 130 when a second signal arrives during the drain', async () => {
    await withPar({ GRACEFUL_SHUTDOWN_TIMEOUT_SEC: '120' }, async ({ par, restPort }) => {
      const request = holdRequest(restPort);
      await waitForCount(par, 'slow request started', 1);

      par.signal('SIGTERM');
      await waitForShutdownStep(par, 'drain-delay');
      const secondAt = Date.now();
      par.signal('SIGINT');
      const result = await par.exited;

      assert.equal(result.code, 130, par.output());
      assert.ok(Date.now() - secondAt < 10_000, 'did not wait for the 120 s grace period');
      assert.equal(recordsWith(par, 'runtime stopped').length, 0);
      const warning = recordsWith(par, 'second stop signal: exiting without finishing the drain');
      assert.equal(warning[0]?.signal, 'SIGINT');
      assert.ok((await request).error, 'the abandoned request was cut');
    });
  });

  it('gives up on an agent shutdown hook after AGENT_SHUTDOWN_TIMEOUT_SEC', async () => {
    const env = { AGENT_SHUTDOWN_TIMEOUT_SEC: '0.5', SLOW_AGENT_HANG_SHUTDOWN: 'true' };
    await withPar(env, async ({ par }) => {
      par.signal('SIGTERM');
      const result = await par.exited;

      assert.equal(result.code, 0, par.output());
      assert.equal(recordsWith(par, 'slow agent shutdown hook ran').length, 1);
      const hook = shutdownStep(par, 'agent-shutdown');
      assert.equal(hook?.result, 'timeout');
      assert.equal(hook?.timeoutMs, 500);
      assert.ok((hook?.durationMs as number) >= 490, `gave up after ${String(hook?.durationMs)}`);
    });
  });
});
