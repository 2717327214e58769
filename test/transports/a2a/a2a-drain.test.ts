/**
 * Open A2A streams do not hold a drain: on SIGTERM a JSON-RPC stream (server-sent events) and
 * a gRPC stream of a never-ending task both end at once, and `par` exits cleanly long before
 * its grace period is over.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { a2aClient, dataPart, sendRequest, userMessage } from '../../helpers/a2a-client.js';
import { startPar, type StartedPar } from '../../helpers/par-process.js';
import { fixturesDir } from '../../helpers/paths.js';

const graceSec = 30;

describe('A2A streams during a drain', () => {
  let started: StartedPar;

  before(async () => {
    started = await startPar(path.join(fixturesDir, 'a2a-agent'), {
      GRACEFUL_SHUTDOWN_TIMEOUT_SEC: String(graceSec),
    });
  });
  after(async () => {
    await started.par.stop('SIGKILL');
  });

  it('ends open JSON-RPC and gRPC streams and exits well within the grace period', async () => {
    const sse = await fetch(`${started.baseUrl}/a2a/jsonrpc`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'a2a-version': '1.0' },
      body: JSON.stringify({
        jsonrpc: '2.0',
        id: 1,
        method: 'SendStreamingMessage',
        params: {
          message: {
            messageId: 'drain-sse',
            role: 'ROLE_USER',
            parts: [{ data: { mode: 'forever' } }],
          },
        },
      }),
    });
    assert.equal(sse.status, 200);
    const sseText = sse.text();

    const client = await a2aClient(started.baseUrl, 'GRPC');
    const grpcEvents: string[] = [];
    const grpcStream = (async () => {
      const request = sendRequest(userMessage([dataPart({ mode: 'forever' })]));
      for await (const event of client.sendMessageStream(request)) {
        grpcEvents.push(event.payload?.$case ?? 'empty');
      }
    })();
    // Both streams are running: the agent has started two never-ending handlers.
    await started.par.waitForRecord(
      () =>
        started.par.records().filter((record) => record.msg === 'fixture stream started').length >=
        2
    );

    const stoppedAt = performance.now();
    started.par.signal('SIGTERM');
    const [body] = await Promise.all([sseText, grpcStream]);
    const exit = await started.par.exited;
    const elapsedMs = performance.now() - stoppedAt;

    assert.equal(exit.code, 0, started.par.output());
    assert.ok(elapsedMs < (graceSec * 1000) / 3, `exited after ${Math.round(elapsedMs)} ms`);
    assert.ok(body.includes('"artifactUpdate"'), 'the SSE stream carried updates before it ended');
    assert.ok(grpcEvents.includes('artifactUpdate'), grpcEvents.join(', '));
    const closed = started.par.records().filter((record) => record.msg === 'surface closed');
    assert.deepEqual(
      closed.map((record) => [record.surface, record.forced]).sort(),
      [
        ['a2a', false],
        ['rest', false],
      ],
      'no surface had to cut anything'
    );
  });
});
