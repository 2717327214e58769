/**
 * AgentService/InvokeStream over a real socket: one chunk per yielded item then a final chunk,
 * plain values, failures carried in the final chunk, client cancellation and deadlines (the
 * action's iterator is closed and its signal aborted), and chunks over the size limit.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { status } from '@grpc/grpc-js';
import { collectStream, serverStream } from '../../helpers/grpc-client.js';
import { eventually, startGrpcHarness, type GrpcHarness } from '../../helpers/grpc-harness.js';
import { fixturesDir } from '../../helpers/paths.js';

const grpcAgent = path.join(fixturesDir, 'grpc-agent');

interface ActionChunk {
  request_id: string;
  sequence: number;
  data: string;
  done: boolean;
  success: boolean;
  error: string;
  error_code: string;
  duration_ms: number;
}

function stream(harness: GrpcHarness, request: Record<string, unknown>, deadlineMs?: number) {
  return serverStream(harness.client, 'InvokeStream', request, { deadlineMs });
}

describe('AgentService/InvokeStream', () => {
  let harness: GrpcHarness;
  before(async () => {
    harness = await startGrpcHarness(grpcAgent, { env: { GRPC_MAX_MESSAGE_BYTES: '65536' } });
  });
  after(() => harness.close());

  it('sends one chunk per yielded item, then a final chunk, and ends with OK', async () => {
    const { messages, status: end } = await collectStream<ActionChunk>(
      stream(harness, { action: 'count', parameters: { count: '3' }, request_id: 'req-count' })
    );
    assert.equal(end.code, status.OK);
    assert.equal(messages.length, 4);
    assert.deepEqual(
      messages.slice(0, 3).map((chunk) => [chunk.sequence, parse(chunk.data), chunk.done]),
      [
        [1, { index: 1 }, false],
        [2, { index: 2 }, false],
        [3, { index: 3 }, false],
      ]
    );
    const final = messages[3]!;
    assert.equal(final.done, true);
    assert.equal(final.success, true);
    assert.equal(final.sequence, 4);
    assert.equal(final.data, '');
    assert.ok(final.duration_ms >= 0);
    assert.ok(messages.every((chunk) => chunk.request_id === 'req-count'));
  });

  it('sends a plain value as a single chunk', async () => {
    const { messages } = await collectStream<ActionChunk>(
      stream(harness, { action: 'echo', parameters: { a: '1' } })
    );
    assert.equal(messages.length, 2);
    assert.deepEqual(JSON.parse(messages[0]!.data).params, { a: '1' });
    assert.equal(messages[1]!.done, true);
  });

  it('reports an unknown action in the final chunk, with status OK', async () => {
    const { messages, status: end } = await collectStream<ActionChunk>(
      stream(harness, { action: 'nope' })
    );
    assert.equal(end.code, status.OK);
    assert.equal(messages.length, 1);
    assert.equal(messages[0]!.done, true);
    assert.equal(messages[0]!.success, false);
    assert.equal(messages[0]!.error_code, 'PAR_ERR_AGENT_ACTION_UNKNOWN');
  });

  it('reports a stream that throws in the final chunk, after what it yielded', async () => {
    const { messages, status: end } = await collectStream<ActionChunk>(
      stream(harness, { action: 'count_then_fail' })
    );
    assert.equal(end.code, status.OK);
    assert.deepEqual(
      messages.map((chunk) => chunk.data),
      ['"first"', '']
    );
    const final = messages[1]!;
    assert.equal(final.success, false);
    assert.equal(final.error, 'the stream broke');
    assert.equal(final.error_code, 'PAR_ERR_AGENT_HANDLER_FAILED');
  });

  it('closes the iterator and aborts the signal when the client cancels', async () => {
    const call = stream(harness, { action: 'forever', request_id: 'req-forever' });
    let received = 0;
    const ended = collectStream<ActionChunk>(call);
    call.on('data', () => {
      received += 1;
      if (received === 3) call.cancel();
    });
    const { status: end } = await ended;
    assert.equal(end.code, status.CANCELLED);
    await eventually(
      () => harness.logs.withMessage('fixture stream closed').some(isRequest('req-forever')),
      "the action's iterator to be closed"
    );
    const closed = harness.logs.withMessage('fixture stream closed').find(isRequest('req-forever'));
    assert.equal(closed?.aborted, true);
    assert.equal(closed?.code, 'PAR_ERR_AGENT_ABORTED');
    await eventually(
      () => harness.logs.withMessage('call completed').some(isRequest('req-forever')),
      'the call line'
    );
    const line = harness.logs.withMessage('call completed').find(isRequest('req-forever'));
    assert.equal(line?.status, 'CANCELLED');
    assert.equal(line?.method, '/pixell.agent.AgentService/InvokeStream');
  });

  it('ends with DEADLINE_EXCEEDED and closes the iterator when the deadline passes', async () => {
    const { messages, status: end } = await collectStream<ActionChunk>(
      stream(harness, { action: 'forever', request_id: 'req-stream-deadline' }, 300)
    );
    assert.equal(end.code, status.DEADLINE_EXCEEDED);
    assert.ok(messages.length > 0, 'some chunks arrived before the deadline');
    assert.ok(messages.every((chunk) => !chunk.done));
    await eventually(
      () =>
        harness.logs.withMessage('fixture stream closed').some(isRequest('req-stream-deadline')),
      "the action's iterator to be closed"
    );
    const closed = harness.logs
      .withMessage('fixture stream closed')
      .find(isRequest('req-stream-deadline'));
    assert.equal(closed?.code, 'PAR_ERR_GRPC_DEADLINE_EXCEEDED');
  });

  it('ends with RESOURCE_EXHAUSTED when a chunk is over GRPC_MAX_MESSAGE_BYTES', async () => {
    const { messages, status: end } = await collectStream<ActionChunk>(
      stream(harness, { action: 'big', parameters: { bytes: '100000' } })
    );
    assert.equal(end.code, status.RESOURCE_EXHAUSTED);
    assert.match(end.details, /at most 65536 bytes \(GRPC_MAX_MESSAGE_BYTES\), got \d+ bytes/);
    assert.deepEqual(end.metadata.get('par-error-code'), ['PAR_ERR_GRPC_MESSAGE_TOO_LARGE']);
    assert.equal(messages.length, 0);
  });

  it('has no call left in flight once every stream ended', async () => {
    await eventually(() => harness.surface.inFlight() === 0, 'every call to end');
  });
});

function parse(text: string): unknown {
  return JSON.parse(text);
}

function isRequest(requestId: string) {
  return (line: Record<string, unknown>) => line.requestId === requestId;
}
