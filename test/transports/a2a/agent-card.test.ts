/**
 * The agent card and the A2A gRPC service's place on the server, against `par run` behind a
 * pretend load balancer (BASE_PATH and public URLs set): the card at both paths, its cache
 * headers, ETag and 304, the URLs it lists, its skills; reflection lists lf.a2a.v1.A2AService
 * and health reports it.
 */
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import * as grpc from '@grpc/grpc-js';
import { protoPath as healthProto } from 'grpc-health-check';
import { loadService, unary } from '../../helpers/grpc-client.js';
import { startPar, type StartedPar } from '../../helpers/par-process.js';
import { fixturesDir } from '../../helpers/paths.js';

const a2aAgent = path.join(fixturesDir, 'a2a-agent');
const reflectionProtoRoot = path.join(
  path.dirname(createRequire(import.meta.url).resolve('@grpc/reflection/package.json')),
  'build/proto'
);

interface CardJson {
  name: string;
  version: string;
  url?: string;
  protocolVersion?: string;
  preferredTransport?: string;
  capabilities: { streaming?: boolean };
  supportedInterfaces: Array<{ url: string; protocolBinding: string; protocolVersion: string }>;
  skills: Array<{ id: string; tags: string[] }>;
}

describe('the agent card behind a load balancer', () => {
  let started: StartedPar;
  const clients: grpc.Client[] = [];

  before(async () => {
    started = await startPar(a2aAgent, {
      BASE_PATH: '/agents/a2a',
      A2A_PUBLIC_URL: 'https://agents.example.com/',
      A2A_PUBLIC_GRPC_URL: 'grpc.example.com:443',
      A2A_CARD_MAX_AGE_SEC: '60',
    });
  });
  after(async () => {
    for (const client of clients) client.close();
    await started.par.stop('SIGKILL');
  });

  const card = (pathName: string, headers: Record<string, string> = { 'a2a-version': '1.0' }) =>
    fetch(`${started.baseUrl}${pathName}`, { headers });

  it('serves the v1.0 card with cache headers and the configured public URLs', async () => {
    const response = await card('/.well-known/agent-card.json');
    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-type') ?? '', /^application\/json/);
    assert.equal(response.headers.get('cache-control'), 'public, max-age=60');
    assert.match(response.headers.get('etag') ?? '', /^W\/".+"$/);
    assert.match(response.headers.get('vary') ?? '', /A2A-Version/i);
    const body = (await response.json()) as CardJson;
    assert.equal(body.name, 'A2A Agent');
    assert.equal(body.version, '3.1.4');
    assert.equal(body.capabilities.streaming, true);
    assert.deepEqual(body.supportedInterfaces, [
      {
        url: 'https://agents.example.com/agents/a2a/a2a/jsonrpc',
        protocolBinding: 'JSONRPC',
        protocolVersion: '1.0',
      },
      { url: 'grpc.example.com:443', protocolBinding: 'GRPC', protocolVersion: '1.0' },
      {
        url: 'https://agents.example.com/agents/a2a/a2a/jsonrpc',
        protocolBinding: 'JSONRPC',
        protocolVersion: '0.3',
      },
    ]);
    assert.equal(body.url, undefined, 'no v0.3 fields in the v1.0 card');
  });

  it('lists the entrypoint, the actions and the public sub-agents as skills', async () => {
    const body = (await (await card('/.well-known/agent-card.json')).json()) as CardJson;
    assert.deepEqual(
      body.skills.map((skill) => skill.id),
      ['a2a-agent', 'action:greet', 'sub-agent:helper']
    );
  });

  it('serves the same card under BASE_PATH', async () => {
    const root = await card('/.well-known/agent-card.json');
    const based = await card('/agents/a2a/.well-known/agent-card.json');
    assert.equal(based.status, 200);
    assert.equal(based.headers.get('etag'), root.headers.get('etag'));
    assert.equal(await based.text(), await root.text());
  });

  it('answers 304 with no body to a matching If-None-Match', async () => {
    const etag = (await card('/.well-known/agent-card.json')).headers.get('etag') ?? '';
    for (const ifNoneMatch of [etag, `"other", ${etag}`, etag.replace(/^W\//, ''), '*']) {
      const response = await card('/.well-known/agent-card.json', {
        'a2a-version': '1.0',
        'if-none-match': ifNoneMatch,
      });
      assert.equal(response.status, 304, ifNoneMatch);
      assert.equal(response.headers.get('etag'), etag);
      assert.equal(await response.text(), '');
    }
    const stale = await card('/.well-known/agent-card.json', {
      'a2a-version': '1.0',
      'if-none-match': 'W/"stale"',
    });
    assert.equal(stale.status, 200);
  });

  it('gives a client without A2A-Version the v0.3 view, with its own ETag', async () => {
    const current = await card('/.well-known/agent-card.json');
    const legacy = await card('/.well-known/agent-card.json', {});
    assert.notEqual(legacy.headers.get('etag'), current.headers.get('etag'));
    const body = (await legacy.json()) as CardJson;
    assert.equal(body.url, 'https://agents.example.com/agents/a2a/a2a/jsonrpc');
    assert.equal(body.preferredTransport, 'JSONRPC');
    assert.equal(body.protocolVersion, '0.3.0');
    assert.equal(body.supportedInterfaces.length, 3);
  });

  it('serves JSON-RPC under BASE_PATH only', async () => {
    const send = (pathName: string) =>
      fetch(`${started.baseUrl}${pathName}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'a2a-version': '1.0' },
        body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'GetTask', params: { id: 'x' } }),
      });
    const based = await send('/agents/a2a/a2a/jsonrpc');
    assert.equal(based.status, 200);
    assert.equal(((await based.json()) as { error: { code: number } }).error.code, -32001);
    assert.equal((await send('/a2a/jsonrpc')).status, 404);
  });

  it('lists lf.a2a.v1.A2AService in reflection, with its methods', async () => {
    const { Client } = loadService(
      'grpc/reflection/v1/reflection.proto',
      'grpc.reflection.v1.ServerReflection',
      [reflectionProtoRoot]
    );
    const client = new Client(`127.0.0.1:${started.a2aPort}`, grpc.credentials.createInsecure());
    clients.push(client);
    const reflect = (request: Record<string, string>) => {
      const open = (
        client as unknown as Record<string, () => grpc.ClientDuplexStream<unknown, unknown>>
      ).ServerReflectionInfo!;
      const stream = open.call(client);
      return new Promise<Record<string, { service?: Array<{ name: string }> } & object>>(
        (resolve, reject) => {
          stream.once('data', (response: Record<string, never>) => {
            resolve(response);
            stream.end();
          });
          stream.once('error', reject);
          stream.write(request);
        }
      );
    };

    const listed = await reflect({ list_services: '*' });
    const names = listed.list_services_response?.service?.map((service) => service.name) ?? [];
    assert.ok(names.includes('lf.a2a.v1.A2AService'), names.join(', '));
    assert.ok(names.includes('pixell.agent.AgentService'));

    const described = (await reflect({ file_containing_symbol: 'lf.a2a.v1.A2AService' })) as {
      file_descriptor_response?: { file_descriptor_proto: Buffer[] };
    };
    const text = Buffer.concat(
      described.file_descriptor_response?.file_descriptor_proto ?? []
    ).toString('latin1');
    for (const method of ['SendMessage', 'SendStreamingMessage', 'GetTask', 'CancelTask']) {
      assert.ok(text.includes(method), `the descriptor names ${method}`);
    }
  });

  it('reports lf.a2a.v1.A2AService as SERVING in gRPC health', async () => {
    const { Client } = loadService(healthProto, 'grpc.health.v1.Health');
    const client = new Client(`127.0.0.1:${started.a2aPort}`, grpc.credentials.createInsecure());
    clients.push(client);
    const { response } = await unary<{ status: string }>(client, 'Check', {
      service: 'lf.a2a.v1.A2AService',
    });
    assert.equal(response.status, 'SERVING');
  });
});
