/**
 * Server reflection through a small grpc-js reflection client, on both protocol versions
 * tools use (`grpc.reflection.v1` and `v1alpha`): it lists every service served and hands out
 * the descriptors of AgentService and of a registered service.
 */
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import * as grpc from '@grpc/grpc-js';
import { loadService } from '../../helpers/grpc-client.js';
import { startGrpcHarness, type GrpcHarness } from '../../helpers/grpc-harness.js';
import { fixturesDir } from '../../helpers/paths.js';

const grpcAgent = path.join(fixturesDir, 'grpc-agent');
const echoProto = path.join(fixturesDir, 'extra-service/echo.proto');
const reflectionProtoRoot = path.join(
  path.dirname(createRequire(import.meta.url).resolve('@grpc/reflection/package.json')),
  'build/proto'
);

interface ReflectionResponse {
  list_services_response?: { service: Array<{ name: string }> };
  file_descriptor_response?: { file_descriptor_proto: Buffer[] };
  error_response?: { error_code: number; error_message: string };
}

/** Sends one reflection request on a fresh stream and returns the one answer. */
function reflect(
  client: grpc.Client,
  request: Record<string, string>
): Promise<ReflectionResponse> {
  const open = (
    client as unknown as Record<string, () => grpc.ClientDuplexStream<unknown, unknown>>
  ).ServerReflectionInfo!;
  const stream = open.call(client);
  return new Promise((resolve, reject) => {
    stream.once('data', (response: ReflectionResponse) => {
      resolve(response);
      stream.end();
    });
    stream.once('error', reject);
    stream.write(request);
  });
}

for (const version of ['v1', 'v1alpha']) {
  describe(`server reflection (grpc.reflection.${version})`, () => {
    let harness: GrpcHarness;
    let client: grpc.Client;
    before(async () => {
      const { definition } = loadService(echoProto, 'test.extra.EchoService');
      const request = definition['test.extra.EchoRequest'] as { fileDescriptorProtos: Buffer[] };
      harness = await startGrpcHarness(grpcAgent, {
        services: [
          {
            name: 'test.extra.EchoService',
            definition: definition['test.extra.EchoService'] as grpc.ServiceDefinition,
            implementation: { Echo: () => undefined },
            fileDescriptorProtos: request.fileDescriptorProtos,
          },
        ],
      });
      const { Client } = loadService(
        `grpc/reflection/${version}/reflection.proto`,
        `grpc.reflection.${version}.ServerReflection`,
        [reflectionProtoRoot]
      );
      client = harness.track(new Client(harness.address, grpc.credentials.createInsecure()));
    });
    after(() => harness.close());

    it('lists every service served', async () => {
      const response = await reflect(client, { list_services: '*' });
      const names = response.list_services_response?.service.map((service) => service.name);
      assert.deepEqual(names?.sort(), [
        'grpc.health.v1.Health',
        'grpc.reflection.v1.ServerReflection',
        'grpc.reflection.v1alpha.ServerReflection',
        'pixell.agent.AgentService',
        'test.extra.EchoService',
      ]);
    });

    it('describes AgentService, InvokeStream and its messages included', async () => {
      const response = await reflect(client, {
        file_containing_symbol: 'pixell.agent.AgentService',
      });
      const files = response.file_descriptor_response?.file_descriptor_proto ?? [];
      assert.ok(files.length > 0, JSON.stringify(response.error_response));
      const text = Buffer.concat(files).toString('latin1');
      for (const name of ['pixell.agent', 'InvokeStream', 'ActionChunk', 'error_code']) {
        assert.ok(text.includes(name), `the descriptor names ${name}`);
      }
    });

    it('describes a registered service from the descriptors it brought', async () => {
      const response = await reflect(client, { file_containing_symbol: 'test.extra.EchoService' });
      const files = response.file_descriptor_response?.file_descriptor_proto ?? [];
      assert.ok(Buffer.concat(files).toString('latin1').includes('EchoReply'));
    });
  });
}
