/**
 * pixell.agent.AgentService over a real socket with a grpc-js client built from our .proto:
 * Health, DescribeCapabilities, Ping and Invoke, request ids, failures carried in the message,
 * deadlines, cancellation, message size limits, and one log line per call.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { status, type ClientUnaryCall, type ServiceError } from '@grpc/grpc-js';
import { metadataWith, unary } from '../../helpers/grpc-client.js';
import { eventually, startGrpcHarness, type GrpcHarness } from '../../helpers/grpc-harness.js';
import { fixturesDir } from '../../helpers/paths.js';

const grpcAgent = path.join(fixturesDir, 'grpc-agent');
const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

interface ActionResult {
  success: boolean;
  result: string;
  error: string;
  request_id: string;
  duration_ms: number;
  error_code: string;
}

function invoke(harness: GrpcHarness, request: Record<string, unknown>, options = {}) {
  return unary<ActionResult>(harness.client, 'Invoke', request, options);
}

async function rejection(promise: Promise<unknown>): Promise<ServiceError> {
  try {
    await promise;
  } catch (error) {
    return error as ServiceError;
  }
  throw new Error('expected the call to fail');
}

describe('AgentService', () => {
  let harness: GrpcHarness;
  before(async () => {
    harness = await startGrpcHarness(grpcAgent, { env: { GRPC_MAX_MESSAGE_BYTES: '65536' } });
  });
  after(() => harness.close());

  it('answers Health with ok, the Python text, the state and a timestamp when READY', async () => {
    const before = Date.now();
    const { response } = await unary<Record<string, unknown>>(harness.client, 'Health');
    assert.equal(response.ok, true);
    assert.equal(response.message, 'Agent is healthy');
    assert.equal(response.state, 'READY');
    assert.ok((response.timestamp as number) >= before);
  });

  it('lists the RPCs and describes the agent in DescribeCapabilities', async () => {
    const { response } = await unary<{ methods: string[]; metadata: Record<string, string> }>(
      harness.client,
      'DescribeCapabilities'
    );
    assert.deepEqual(response.methods, [
      'Health',
      'DescribeCapabilities',
      'Invoke',
      'Ping',
      'InvokeStream',
    ]);
    assert.equal(response.metadata.name, 'grpc-agent');
    assert.equal(response.metadata.version, '2.0.0');
    assert.equal(response.metadata.description, 'Test fixture exercising every gRPC behaviour');
    assert.equal(response.metadata.agent_app_id, 'test-agent');
    assert.equal(response.metadata.runtime_version, '0.0.0-test');
    const actions = JSON.parse(response.metadata.actions ?? '[]') as string[];
    assert.ok(actions.includes('echo') && actions.includes('count'), String(actions));
  });

  it('answers Ping with pong and a timestamp', async () => {
    const { response } = await unary<{ message: string; timestamp: number }>(
      harness.client,
      'Ping'
    );
    assert.equal(response.message, 'pong');
    assert.ok(Math.abs(response.timestamp - Date.now()) < 60_000);
  });

  it('invokes an action with its parameters and answers its value as JSON text', async () => {
    const { response } = await invoke(harness, {
      action: 'echo',
      parameters: { name: 'Ada', lang: 'en' },
      request_id: 'req-echo-1',
    });
    assert.equal(response.success, true);
    assert.deepEqual(JSON.parse(response.result), {
      params: { name: 'Ada', lang: 'en' },
      requestId: 'req-echo-1',
    });
    assert.equal(response.error, '');
    assert.equal(response.error_code, '');
    assert.equal(response.request_id, 'req-echo-1');
    assert.equal(typeof response.duration_ms, 'number');
    assert.ok(response.duration_ms >= 0);
  });

  it('answers null for an action that returns nothing, and an array for a stream', async () => {
    const nothing = await invoke(harness, { action: 'nothing' });
    assert.equal(nothing.response.result, 'null');
    const counted = await invoke(harness, { action: 'count', parameters: { count: '3' } });
    assert.deepEqual(JSON.parse(counted.response.result), [
      { index: 1 },
      { index: 2 },
      { index: 3 },
    ]);
  });

  it('takes the request id from x-request-id metadata when the message has none', async () => {
    const { response, headers } = await invoke(
      harness,
      { action: 'echo' },
      { metadata: metadataWith({ 'x-request-id': 'from-metadata-7' }) }
    );
    assert.equal(response.request_id, 'from-metadata-7');
    assert.equal(JSON.parse(response.result).requestId, 'from-metadata-7');
    assert.deepEqual(headers.get('x-request-id'), ['from-metadata-7']);
  });

  it('generates a request id when neither the message nor the metadata has one', async () => {
    const { response, headers } = await invoke(
      harness,
      { action: 'echo', request_id: 'not sane\nat all' },
      { metadata: metadataWith({ 'x-request-id': 'x'.repeat(500) }) }
    );
    assert.match(response.request_id, uuid);
    assert.deepEqual(headers.get('x-request-id'), [response.request_id]);
  });

  it("puts the request id on the agent's log lines and on the one line per call", async () => {
    await invoke(harness, { action: 'echo', request_id: 'req-logged-42' });
    const agentLine = harness.logs
      .withMessage('fixture action ran')
      .find((line) => line.requestId === 'req-logged-42');
    assert.ok(agentLine, 'the agent line carries the request id');
    assert.equal(agentLine.component, 'agent');
    const callLines = harness.logs
      .withMessage('call completed')
      .filter((line) => line.requestId === 'req-logged-42');
    assert.equal(callLines.length, 1);
    const [line] = callLines;
    assert.equal(line?.method, '/pixell.agent.AgentService/Invoke');
    assert.equal(line?.status, 'OK');
    assert.equal(line?.action, 'echo');
    assert.equal(line?.success, true);
    assert.equal(line?.surface, 'a2a');
    assert.equal(typeof line?.durationMs, 'number');
  });

  it('answers an unknown action with success=false, the Python text and a code', async () => {
    const { response } = await invoke(harness, { action: 'nope', request_id: 'req-nope' });
    assert.equal(response.success, false);
    assert.match(response.error, /^No handler found for action: nope \(expected one of: .*echo/);
    assert.equal(response.error_code, 'PAR_ERR_AGENT_ACTION_UNKNOWN');
    assert.equal(response.result, '');
    assert.equal(response.request_id, 'req-nope');
  });

  it("answers a throwing handler with success=false and the handler's error text", async () => {
    const { response } = await invoke(harness, { action: 'fail', request_id: 'req-fail' });
    assert.equal(response.success, false);
    assert.equal(response.error, 'the fixture failed on purpose');
    assert.equal(response.error_code, 'PAR_ERR_AGENT_HANDLER_FAILED');
    const failure = harness.logs
      .withMessage('action failed')
      .find((line) => line.requestId === 'req-fail');
    assert.equal(failure?.level, 'error');
    assert.match(String((failure?.err as { stack?: string }).stack), /agent\.js/);
    const call = harness.logs
      .withMessage('call completed')
      .find((line) => line.requestId === 'req-fail');
    assert.equal(call?.status, 'OK');
    assert.equal(call?.errorCode, 'PAR_ERR_AGENT_HANDLER_FAILED');
  });

  it('strips credentials from URLs in a handler error before it is sent', async () => {
    const { response } = await invoke(harness, { action: 'fail_with_url' });
    assert.equal(response.success, false);
    assert.doesNotMatch(response.error, /hunter2|pw@/);
    assert.match(response.error, /example\.com/);
  });

  it('answers a value JSON cannot write with PAR_ERR_GRPC_RESULT_NOT_JSON', async () => {
    const { response } = await invoke(harness, { action: 'bigint' });
    assert.equal(response.success, false);
    assert.equal(response.error_code, 'PAR_ERR_GRPC_RESULT_NOT_JSON');
    assert.match(response.error, /JSON-serialisable/);
  });

  it('refuses a request larger than GRPC_MAX_MESSAGE_BYTES with RESOURCE_EXHAUSTED', async () => {
    const error = await rejection(
      invoke(harness, { action: 'echo', parameters: { text: 'x'.repeat(100_000) } })
    );
    assert.equal(error.code, status.RESOURCE_EXHAUSTED);
    const { response } = await invoke(harness, { action: 'echo', parameters: { text: 'small' } });
    assert.equal(response.success, true, 'the next call is served');
  });

  it('refuses to send a result over GRPC_MAX_MESSAGE_BYTES, saying by how much', async () => {
    const error = await rejection(
      invoke(harness, { action: 'big', parameters: { bytes: '100000' }, request_id: 'req-big' })
    );
    assert.equal(error.code, status.RESOURCE_EXHAUSTED);
    assert.match(
      error.details,
      /at most 65536 bytes \(GRPC_MAX_MESSAGE_BYTES\), got 1000\d\d bytes/
    );
    assert.deepEqual(error.metadata.get('par-error-code'), ['PAR_ERR_GRPC_MESSAGE_TOO_LARGE']);
    assert.deepEqual(error.metadata.get('x-request-id'), ['req-big']);
    const { response } = await invoke(harness, { action: 'big', parameters: { bytes: '60000' } });
    assert.equal(response.success, true);
    assert.equal(JSON.parse(response.result), 'x'.repeat(60_000));
  });

  it("ends with DEADLINE_EXCEEDED and aborts the handler's signal at the deadline", async () => {
    const error = await rejection(
      invoke(harness, { action: 'wait_for_abort', request_id: 'req-deadline' }, { deadlineMs: 300 })
    );
    assert.equal(error.code, status.DEADLINE_EXCEEDED);
    await eventually(
      () =>
        harness.logs.withMessage('fixture saw abort').some((l) => l.requestId === 'req-deadline'),
      'the handler to see its signal abort'
    );
    const seen = harness.logs
      .withMessage('fixture saw abort')
      .find((line) => line.requestId === 'req-deadline');
    assert.equal(seen?.code, 'PAR_ERR_GRPC_DEADLINE_EXCEEDED');
    const call = harness.logs
      .withMessage('call completed')
      .find((line) => line.requestId === 'req-deadline');
    assert.equal(call?.status, 'DEADLINE_EXCEEDED');
  });

  it("aborts the handler's signal when the client cancels, counted till then", async () => {
    const started = harness.surface.inFlight();
    let cancel = () => {};
    const call = invoke(
      harness,
      { action: 'wait_for_abort', request_id: 'req-cancel' },
      { onCall: (inFlight: ClientUnaryCall) => (cancel = () => inFlight.cancel()) }
    );
    await eventually(() => harness.surface.inFlight() === started + 1, 'the call to be in flight');
    cancel();
    const error = await rejection(call);
    assert.equal(error.code, status.CANCELLED);
    await eventually(
      () => harness.logs.withMessage('fixture saw abort').some((l) => l.requestId === 'req-cancel'),
      'the handler to see its signal abort'
    );
    const seen = harness.logs
      .withMessage('fixture saw abort')
      .find((line) => line.requestId === 'req-cancel');
    assert.equal(seen?.code, 'PAR_ERR_AGENT_ABORTED');
    await eventually(() => harness.surface.inFlight() === started, 'the call to end');
    const logged = harness.logs
      .withMessage('call completed')
      .find((line) => line.requestId === 'req-cancel');
    assert.equal(logged?.status, 'CANCELLED');
  });
});
