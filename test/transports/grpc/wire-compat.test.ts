/**
 * Wire compatibility with the Python PAR: messages encoded with its agent.proto (kept as it
 * declared them in test/fixtures/python-proto/) decode with ours field for field, and the
 * reverse; our additions are invisible to it; and a client built from its proto calls every
 * one of its RPCs on our server unchanged.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Client, MethodDefinition, ServiceDefinition } from '@grpc/grpc-js';
import {
  agentClient,
  agentProto,
  loadService,
  pythonAgentProto,
  unary,
} from '../../helpers/grpc-client.js';
import { startGrpcHarness, type GrpcHarness } from '../../helpers/grpc-harness.js';
import { fixturesDir } from '../../helpers/paths.js';

const ours = loadService(agentProto, 'pixell.agent.AgentService').definition;
const python = loadService(pythonAgentProto, 'pixell.agent.AgentService').definition;

function method(definition: typeof ours, name: string): MethodDefinition<unknown, unknown> {
  const service = definition['pixell.agent.AgentService'] as ServiceDefinition;
  return service[name] as MethodDefinition<unknown, unknown>;
}

/** Encodes a request with one proto and decodes it with the other. */
function requestAcross(from: typeof ours, to: typeof ours, rpc: string, value: unknown): unknown {
  return method(to, rpc).requestDeserialize(method(from, rpc).requestSerialize(value));
}

/** Encodes a response with one proto and decodes it with the other. */
function responseAcross(from: typeof ours, to: typeof ours, rpc: string, value: unknown): unknown {
  return method(to, rpc).responseDeserialize(method(from, rpc).responseSerialize(value));
}

describe('wire compatibility with the Python PAR proto', () => {
  it('decodes a Python ActionRequest with every field intact, and the reverse', () => {
    const request = {
      action: 'summarise',
      parameters: { context: '{"text":"hello"}', lang: 'en', empty: '' },
      request_id: 'req_1733290000123456',
    };
    assert.deepEqual(requestAcross(python, ours, 'Invoke', request), request);
    assert.deepEqual(requestAcross(ours, python, 'Invoke', request), request);
  });

  it('decodes our ActionResult with Python fields intact and error_code unseen', () => {
    const result = {
      success: false,
      result: '',
      error: 'No handler found for action: x',
      request_id: 'req-9',
      duration_ms: 1234567890123,
    };
    const decoded = responseAcross(ours, python, 'Invoke', {
      ...result,
      error_code: 'PAR_ERR_AGENT_ACTION_UNKNOWN',
    });
    assert.deepEqual(decoded, result);
    assert.deepEqual(responseAcross(python, ours, 'Invoke', result), { ...result, error_code: '' });
  });

  it('keeps HealthStatus, Capabilities, Pong and Empty field for field', () => {
    const health = { ok: true, message: 'Agent is healthy', timestamp: 1733290000123 };
    assert.deepEqual(responseAcross(ours, python, 'Health', { ...health, state: 'READY' }), health);
    assert.deepEqual(responseAcross(python, ours, 'Health', health), { ...health, state: '' });

    const capabilities = {
      methods: ['Health', 'DescribeCapabilities', 'Invoke', 'Ping'],
      metadata: { name: 'a', version: '1.0.0', description: '' },
    };
    assert.deepEqual(
      responseAcross(ours, python, 'DescribeCapabilities', capabilities),
      capabilities
    );
    assert.deepEqual(
      responseAcross(python, ours, 'DescribeCapabilities', capabilities),
      capabilities
    );

    const pong = { message: 'pong', timestamp: 1733290000999 };
    assert.deepEqual(responseAcross(ours, python, 'Ping', pong), pong);
    assert.deepEqual(responseAcross(python, ours, 'Ping', pong), pong);
    assert.deepEqual(requestAcross(python, ours, 'Ping', {}), {});
  });

  it('encodes the shared fields to the same bytes as the Python proto', () => {
    const result = { success: true, result: '{"a":1}', error: '', request_id: 'r', duration_ms: 5 };
    const ourBytes = method(ours, 'Invoke').responseSerialize(result);
    const pythonBytes = method(python, 'Invoke').responseSerialize(result);
    assert.equal(ourBytes.toString('hex'), pythonBytes.toString('hex'));
  });
});

describe('a client built from the Python PAR proto', () => {
  let harness: GrpcHarness;
  let client: Client;
  before(async () => {
    harness = await startGrpcHarness(path.join(fixturesDir, 'grpc-agent'));
    client = harness.track(agentClient(harness.address, pythonAgentProto));
  });
  after(() => harness.close());

  it('calls Health, DescribeCapabilities and Ping unchanged', async () => {
    const health = await unary<Record<string, unknown>>(client, 'Health');
    assert.deepEqual(Object.keys(health.response).sort(), ['message', 'ok', 'timestamp']);
    assert.equal(health.response.ok, true);
    const capabilities = await unary<{ methods: string[] }>(client, 'DescribeCapabilities');
    for (const rpc of ['Health', 'DescribeCapabilities', 'Invoke', 'Ping']) {
      assert.ok(capabilities.response.methods.includes(rpc), rpc);
    }
    const pong = await unary<{ message: string }>(client, 'Ping');
    assert.equal(pong.response.message, 'pong');
  });

  it('calls Invoke as the Python client did, with parameters={"context": ...}', async () => {
    const { response } = await unary<Record<string, unknown>>(client, 'Invoke', {
      action: 'echo',
      parameters: { context: 'some context' },
      request_id: 'req_1733290000123456',
    });
    assert.deepEqual(Object.keys(response).sort(), [
      'duration_ms',
      'error',
      'request_id',
      'result',
      'success',
    ]);
    assert.equal(response.success, true);
    assert.equal(response.request_id, 'req_1733290000123456');
    assert.deepEqual(JSON.parse(response.result as string).params, { context: 'some context' });
  });

  it('sees an unknown action as success=false with the Python error text', async () => {
    const { response } = await unary<Record<string, unknown>>(client, 'Invoke', { action: 'nope' });
    assert.equal(response.success, false);
    assert.match(String(response.error), /^No handler found for action: nope/);
  });
});
