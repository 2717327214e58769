/**
 * The gRPC surface as the lifecycle drives it: binding on IPv4 and IPv6 loopback, a taken
 * port, the drain (in-flight calls finish within the grace, the rest are cut and their
 * handlers aborted, new calls are refused), and services registered from outside.
 */
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import path from 'node:path';
import { describe, it } from 'node:test';
import * as grpc from '@grpc/grpc-js';
import type { RequestObservation } from '../../../src/telemetry/index.js';
import type { GrpcServiceRegistration } from '../../../src/transports/grpc/index.js';
import { protoPath as healthProto } from 'grpc-health-check';
import { collectStream, loadService, serverStream, unary } from '../../helpers/grpc-client.js';
import { buildGrpcSurface, eventually, startGrpcHarness } from '../../helpers/grpc-harness.js';
import { fixturesDir } from '../../helpers/paths.js';
import { freePort } from '../../helpers/ports.js';

const grpcAgent = path.join(fixturesDir, 'grpc-agent');
const echoProto = path.join(fixturesDir, 'extra-service/echo.proto');

describe('gRPC surface binding', () => {
  it('serves on IPv4 loopback', async () => {
    const harness = await startGrpcHarness(grpcAgent, { bindHost: '127.0.0.1' });
    try {
      const { response } = await unary<{ message: string }>(harness.client, 'Ping');
      assert.equal(response.message, 'pong');
    } finally {
      await harness.close();
    }
  });

  it('serves on IPv6 loopback', async () => {
    const harness = await startGrpcHarness(grpcAgent, { bindHost: '::1' });
    try {
      assert.equal(harness.address, `[::1]:${harness.port}`);
      const { response } = await unary<{ message: string }>(harness.client, 'Ping');
      assert.equal(response.message, 'pong');
      const listening = harness.logs.withMessage('grpc surface listening')[0];
      assert.equal(listening?.host, '::1');
      assert.deepEqual(listening?.services, ['pixell.agent.AgentService']);
    } finally {
      await harness.close();
    }
  });

  it('fails to listen with PAR_ERR_SERVE_PORT_IN_USE when the port is taken', async () => {
    const blocker = createServer();
    const port = await freePort();
    await new Promise<void>((resolve) => blocker.listen(port, '127.0.0.1', resolve));
    const { surface, logs } = await buildGrpcSurface(grpcAgent, { port });
    try {
      await assert.rejects(surface.listen(), (error: Error & { code?: string }) => {
        assert.equal(error.code, 'PAR_ERR_SERVE_PORT_IN_USE');
        assert.match(error.message, new RegExp(`a2a: expected port ${port} to be free`));
        return true;
      });
      // grpc-js's own complaint arrives as a JSON log line, not on the console.
      assert.ok(logs.withMessage('grpc-js reported a problem').length > 0);
    } finally {
      await surface.close(0);
      blocker.close();
    }
  });
});

describe('gRPC surface drain', () => {
  it('lets an in-flight call finish within the grace, and refuses new calls', async () => {
    const harness = await startGrpcHarness(grpcAgent);
    const slow = unary<{ success: boolean; result: string }>(harness.client, 'Invoke', {
      action: 'sleep',
      parameters: { ms: '800' },
    });
    await eventually(() => harness.surface.inFlight() === 1, 'the call to be in flight');

    const closing = harness.surface.close(20_000);
    const late = harness.track(
      new (loadService(healthProto, 'grpc.health.v1.Health').Client)(
        harness.address,
        grpc.credentials.createInsecure()
      )
    );
    await assert.rejects(unary(late, 'Check', { service: '' }), (error: grpc.ServiceError) => {
      assert.equal(error.code, grpc.status.UNAVAILABLE);
      return true;
    });

    const { response } = await slow;
    assert.equal(response.success, true);
    assert.deepEqual(JSON.parse(response.result), { slept: 800 });
    assert.deepEqual(await closing, { forced: false });
    assert.equal(harness.surface.inFlight(), 0);
    await harness.close();
  });

  it('cuts calls still running when the grace ends, aborting their handlers', async () => {
    const harness = await startGrpcHarness(grpcAgent);
    const call = serverStream(harness.client, 'InvokeStream', {
      action: 'forever',
      request_id: 'req-cut',
    });
    const outcome = collectStream(call);
    await eventually(() => harness.surface.inFlight() === 1, 'the stream to be in flight');

    assert.deepEqual(await harness.surface.close(200), { forced: true });
    const { status } = await outcome;
    assert.notEqual(status.code, grpc.status.OK);
    await eventually(
      () =>
        harness.logs.withMessage('fixture stream closed').some((l) => l.requestId === 'req-cut'),
      "the action's iterator to be closed"
    );
    const closed = harness.logs
      .withMessage('fixture stream closed')
      .find((line) => line.requestId === 'req-cut');
    assert.equal(closed?.code, 'PAR_ERR_AGENT_ABORTED');
    assert.match(String(closed?.reason), /shutdown grace period ended/);
    await eventually(() => harness.surface.inFlight() === 0, 'the cut call to be counted out');
    await harness.close();
  });

  it('closes at once when it never listened, as after a failed boot', async () => {
    const { surface } = await buildGrpcSurface(grpcAgent);
    assert.deepEqual(await surface.close(0), { forced: false });
  });
});

describe('gRPC surface with a registered service', () => {
  function echoRegistration(): GrpcServiceRegistration {
    const { definition } = loadService(echoProto, 'test.extra.EchoService');
    const request = definition['test.extra.EchoRequest'] as { fileDescriptorProtos: Buffer[] };
    return {
      name: 'test.extra.EchoService',
      definition: definition['test.extra.EchoService'] as grpc.ServiceDefinition,
      implementation: {
        Echo: (
          call: grpc.ServerUnaryCall<{ text: string }, unknown>,
          callback: grpc.sendUnaryData<unknown>
        ) => {
          const [requestId] = call.metadata.get('x-request-id');
          callback(null, { text: call.request.text, request_id: requestId });
        },
      },
      fileDescriptorProtos: request.fileDescriptorProtos,
    };
  }

  it('serves it on the same port, with request ids, health and one log line per call', async () => {
    const harness = await startGrpcHarness(grpcAgent, { services: [echoRegistration()] });
    try {
      const { Client } = loadService(echoProto, 'test.extra.EchoService');
      const echo = harness.track(new Client(harness.address, grpc.credentials.createInsecure()));
      const metadata = new grpc.Metadata();
      metadata.set('x-request-id', 'req-extra-1');
      const { response } = await unary<{ text: string; request_id: string }>(
        echo,
        'Echo',
        { text: 'hi' },
        { metadata }
      );
      assert.deepEqual(response, { text: 'hi', request_id: 'req-extra-1' });

      const line = harness.logs
        .withMessage('call completed')
        .find((record) => record.requestId === 'req-extra-1');
      assert.equal(line?.method, '/test.extra.EchoService/Echo');
      assert.equal(line?.status, 'OK');

      const health = harness.track(
        new (loadService(healthProto, 'grpc.health.v1.Health').Client)(
          harness.address,
          grpc.credentials.createInsecure()
        )
      );
      const checked = await unary<{ status: string }>(health, 'Check', {
        service: 'test.extra.EchoService',
      });
      assert.equal(checked.response.status, 'SERVING');
      assert.deepEqual(harness.surface.serviceNames, [
        'pixell.agent.AgentService',
        'test.extra.EchoService',
      ]);
    } finally {
      await harness.close();
    }
  });
});

describe('gRPC request metrics', () => {
  it('reports every finished call under its full method name, call type and status', async () => {
    const observations: RequestObservation[] = [];
    const harness = await startGrpcHarness(grpcAgent, {
      metrics: { observeRequest: (observation) => observations.push(observation) },
    });
    try {
      await unary(harness.client, 'Ping');
      await unary(harness.client, 'Invoke', { action: 'no-such-action' });
      await eventually(() => observations.length === 2, 'two observed calls');
      const [ping, invoke] = observations;
      assert.equal(ping?.surface, 'a2a');
      assert.equal(ping?.route, '/pixell.agent.AgentService/Ping');
      assert.equal(ping?.method, 'unary');
      assert.equal(ping?.status, 'OK');
      assert.ok((ping?.durationMs ?? -1) >= 0);
      // An unknown action is an answer (success=false), so the call itself is OK.
      assert.equal(invoke?.route, '/pixell.agent.AgentService/Invoke');
      assert.equal(invoke?.status, 'OK');
    } finally {
      await harness.close();
    }
  });
});
