/**
 * End to end over gRPC: the built `par run` serving the example agent as a real child process,
 * called by grpc-js clients built from the .proto, then drained by a real SIGTERM while a
 * health Watch is open.
 */
import assert from 'node:assert/strict';
import http2 from 'node:http2';
import { after, before, describe, it } from 'node:test';
import * as grpc from '@grpc/grpc-js';
import { protoPath as healthProto } from 'grpc-health-check';
import {
  agentClient,
  collectStream,
  loadService,
  metadataWith,
  serverStream,
  unary,
} from '../helpers/grpc-client.js';
import { startPar, type StartedPar } from '../helpers/par-process.js';
import { helloAgentDir } from '../helpers/paths.js';

describe('par run serving the example agent over gRPC', () => {
  let started: StartedPar;
  let target: string;
  const clients: grpc.Client[] = [];
  const track = <T extends grpc.Client>(client: T): T => {
    clients.push(client);
    return client;
  };

  before(async () => {
    started = await startPar(helloAgentDir);
    target = `127.0.0.1:${started.a2aPort}`;
  });
  after(async () => {
    for (const client of clients) client.close();
    await started.par.stop('SIGKILL');
  });

  it('is ready only once the gRPC surface listens, and says where it is', async () => {
    const ready = started.par.records().find((record) => record.msg === 'runtime ready');
    assert.equal((ready?.urls as Record<string, string>).a2a, `localhost:${started.a2aPort}`);
    const health = (await (await fetch(`${started.baseUrl}/health`)).json()) as {
      surfaces: { a2a: boolean };
    };
    assert.equal(health.surfaces.a2a, true);
    const a2a = await fetch(`${started.baseUrl}/a2a/health`);
    assert.equal(a2a.status, 200);
  });

  it('answers Health and DescribeCapabilities for the example agent', async () => {
    const client = track(agentClient(target));
    const health = await unary<{ ok: boolean; state: string }>(client, 'Health');
    assert.equal(health.response.ok, true);
    assert.equal(health.response.state, 'READY');
    const { response } = await unary<{ metadata: Record<string, string> }>(
      client,
      'DescribeCapabilities'
    );
    assert.equal(response.metadata.name, 'hello-agent');
    assert.deepEqual(JSON.parse(response.metadata.actions ?? '[]'), ['greet', 'words']);
  });

  it('invokes greet, with the request id from metadata in the answer and the log', async () => {
    const client = track(agentClient(target));
    const { response } = await unary<{ success: boolean; result: string; request_id: string }>(
      client,
      'Invoke',
      { action: 'greet', parameters: { name: 'Ada' } },
      { metadata: metadataWith({ 'x-request-id': 'e2e-greet-1' }) }
    );
    assert.equal(response.success, true);
    assert.deepEqual(JSON.parse(response.result), { greeting: 'hello, Ada' });
    assert.equal(response.request_id, 'e2e-greet-1');
    const line = await started.par.waitForRecord(
      (record) => record.msg === 'call completed' && record.requestId === 'e2e-greet-1'
    );
    assert.equal(line.method, '/pixell.agent.AgentService/Invoke');
    assert.equal(line.status, 'OK');
    assert.equal(line.agentAppId, 'test-agent');
  });

  it('streams the words action over InvokeStream', async () => {
    const client = track(agentClient(target));
    const { messages, status } = await collectStream<{ data: string; done: boolean }>(
      serverStream(client, 'InvokeStream', {
        action: 'words',
        parameters: { text: 'one two three' },
      })
    );
    assert.equal(status.code, grpc.status.OK);
    assert.deepEqual(
      messages.filter((chunk) => !chunk.done).map((chunk) => JSON.parse(chunk.data) as string),
      ['one', 'two', 'three']
    );
    assert.equal(messages.at(-1)?.done, true);
  });

  it('survives malformed bytes on the wire and keeps serving', async () => {
    const session = http2.connect(`http://${target}`);
    const request = session.request({
      ':method': 'POST',
      ':path': '/pixell.agent.AgentService/Invoke',
      'content-type': 'application/grpc',
    });
    request.on('data', () => undefined);
    const closed = new Promise((resolve) => request.on('close', resolve));
    request.end(Buffer.from([0, 0, 0, 0, 3, 0xff, 0xff, 0xff]));
    await closed;
    session.close();
    const pong = await unary<{ message: string }>(track(agentClient(target)), 'Ping');
    assert.equal(pong.response.message, 'pong');
    assert.equal(started.par.child.exitCode, null);
  });

  it('tells a health Watch NOT_SERVING on SIGTERM, ends it, and exits 0 unforced', async () => {
    const { Client } = loadService(healthProto, 'grpc.health.v1.Health');
    const health = track(new Client(target, grpc.credentials.createInsecure()));
    const watch = (
      health as unknown as Record<string, (r: unknown) => grpc.ClientReadableStream<unknown>>
    ).Watch!.call(health, { service: '' });
    const seen: string[] = [];
    watch.on('data', (message: { status: string }) => seen.push(message.status));
    watch.on('error', () => undefined);
    const ended = new Promise<grpc.StatusObject>((resolve) => watch.on('status', resolve));
    await new Promise<void>((resolve) => watch.once('data', () => resolve()));
    assert.deepEqual(seen, ['SERVING']);

    const result = await started.par.stop('SIGTERM');
    assert.equal(result.code, 0, started.par.output());
    const end = await ended;
    assert.deepEqual(seen, ['SERVING', 'NOT_SERVING']);
    assert.equal(end.code, grpc.status.UNAVAILABLE);
    const closed = started.par
      .records()
      .find((record) => record.msg === 'surface closed' && record.surface === 'a2a');
    assert.equal(closed?.forced, false, started.par.output());
  });
});
