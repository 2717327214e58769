/**
 * grpc.health.v1.Health over a real socket with a client built from grpc-health-check's own
 * proto: Check, Watch and List follow the lifecycle (SERVING only in READY, NOT_SERVING from
 * the first moment of DRAINING), and open watches end when the surface closes.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import * as grpc from '@grpc/grpc-js';
import { protoPath as healthProto } from 'grpc-health-check';
import { loadService, unary } from '../../helpers/grpc-client.js';
import { eventually, startGrpcHarness, type GrpcHarness } from '../../helpers/grpc-harness.js';
import { fixturesDir } from '../../helpers/paths.js';

const grpcAgent = path.join(fixturesDir, 'grpc-agent');

function healthClient(harness: GrpcHarness): grpc.Client {
  const { Client } = loadService(healthProto, 'grpc.health.v1.Health');
  return harness.track(new Client(harness.address, grpc.credentials.createInsecure()));
}

async function check(client: grpc.Client, service = ''): Promise<string> {
  const { response } = await unary<{ status: string }>(client, 'Check', { service });
  return response.status;
}

/** An open Watch, with every status it has received so far. */
function watch(client: grpc.Client, service = '') {
  const seen: string[] = [];
  const call = (
    client as unknown as Record<string, (r: unknown) => grpc.ClientReadableStream<unknown>>
  ).Watch!.call(client, { service });
  call.on('data', (message: { status: string }) => seen.push(message.status));
  call.on('error', () => undefined);
  const ended = new Promise<grpc.StatusObject>((resolve) => call.on('status', resolve));
  return { seen, ended, call };
}

describe('grpc.health.v1.Health across the lifecycle', () => {
  let harness: GrpcHarness;
  let client: grpc.Client;
  before(async () => {
    harness = await startGrpcHarness(grpcAgent, { ready: false });
    client = healthClient(harness);
  });
  after(() => harness.close());

  it('answers NOT_SERVING while the runtime is STARTING', async () => {
    assert.equal(await check(client), 'NOT_SERVING');
    assert.equal(await check(client, 'pixell.agent.AgentService'), 'NOT_SERVING');
  });

  it('streams SERVING on Watch once READY, NOT_SERVING the moment DRAINING begins', async () => {
    const whole = watch(client);
    const agentService = watch(client, 'pixell.agent.AgentService');
    await eventually(() => whole.seen.length === 1, 'the first Watch answer');
    assert.deepEqual(whole.seen, ['NOT_SERVING']);

    harness.lifecycle.transition('READY');
    await eventually(() => whole.seen.length === 2, 'the SERVING update');
    assert.equal(await check(client), 'SERVING');
    assert.equal(await check(client, 'pixell.agent.AgentService'), 'SERVING');

    harness.lifecycle.transition('DRAINING');
    await eventually(() => whole.seen.length === 3, 'the NOT_SERVING update');
    assert.deepEqual(whole.seen, ['NOT_SERVING', 'SERVING', 'NOT_SERVING']);
    await eventually(() => agentService.seen.length === 3, 'the per-service updates');
    assert.deepEqual(agentService.seen, ['NOT_SERVING', 'SERVING', 'NOT_SERVING']);
    // Still listening during the drain delay, and saying so.
    assert.equal(await check(client), 'NOT_SERVING');

    const { forced } = await harness.surface.close(10_000);
    assert.equal(forced, false, 'open watches must not hold the drain for its grace period');
    const end = await whole.ended;
    assert.equal(end.code, grpc.status.UNAVAILABLE);
  });
});

describe('grpc.health.v1.Health service names', () => {
  let harness: GrpcHarness;
  let client: grpc.Client;
  before(async () => {
    harness = await startGrpcHarness(grpcAgent);
    client = healthClient(harness);
  });
  after(() => harness.close());

  it('answers NOT_FOUND on Check for a service it does not serve', async () => {
    await assert.rejects(check(client, 'no.such.Service'), (error: grpc.ServiceError) => {
      assert.equal(error.code, grpc.status.NOT_FOUND);
      assert.match(error.details, /pixell\.agent\.AgentService/);
      return true;
    });
  });

  it('answers SERVICE_UNKNOWN on Watch for an unknown service, keeping the stream', async () => {
    const unknown = watch(client, 'no.such.Service');
    await eventually(() => unknown.seen.length === 1, 'the Watch answer');
    assert.deepEqual(unknown.seen, ['SERVICE_UNKNOWN']);
    unknown.call.cancel();
    assert.equal((await unknown.ended).code, grpc.status.CANCELLED);
  });

  it('lists the whole server and each service it serves', async () => {
    const { response } = await unary<{ statuses: Record<string, { status: string }> }>(
      client,
      'List'
    );
    assert.deepEqual(response.statuses, {
      '': { status: 'SERVING' },
      'pixell.agent.AgentService': { status: 'SERVING' },
    });
  });
});
