/**
 * The REST surface over a real socket: health through every lifecycle state, built-in routes,
 * invoke (JSON and server-sent events), the agent's routes under the base path, and errors.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fixturesDir } from '../../helpers/paths.js';
import { startRestHarness, type RestHarness } from '../../helpers/rest-harness.js';

const restAgent = path.join(fixturesDir, 'rest-agent');

async function postJson(url: string, body: unknown, headers: Record<string, string> = {}) {
  return fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
}

describe('REST surface at the root base path', () => {
  let harness: RestHarness;
  before(async () => {
    harness = await startRestHarness(restAgent);
  });
  after(() => harness.close());

  it('answers /health 503 while starting, 200 when ready, 503 once draining', async () => {
    const starting = await fetch(`${harness.baseUrl}/health`);
    assert.equal(starting.status, 503);
    const startingBody = (await starting.json()) as Record<string, unknown>;
    assert.equal(startingBody.ok, false);
    assert.deepEqual(startingBody.surfaces, { rest: true, a2a: false, ui: false });
    assert.equal(typeof startingBody.timestamp, 'number');

    harness.lifecycle.transition('READY');
    const ready = await fetch(`${harness.baseUrl}/health`);
    assert.equal(ready.status, 200);
    assert.equal(((await ready.json()) as { ok: boolean }).ok, true);
  });

  it('answers /livez with 200 whatever the readiness', async () => {
    const response = await fetch(`${harness.baseUrl}/livez`);
    assert.equal(response.status, 200);
  });

  it('answers /agents/{id}/health for its own id and 404 for another', async () => {
    const own = await fetch(`${harness.baseUrl}/agents/test-agent/health`);
    assert.equal(own.status, 200);
    assert.deepEqual(await own.json(), { agentId: 'test-agent', status: 'healthy', loaded: true });
    const other = await fetch(`${harness.baseUrl}/agents/someone-else/health`);
    assert.equal(other.status, 404);
    const body = (await other.json()) as { error: { code: string } };
    assert.equal(body.error.code, 'PAR_ERR_REST_NOT_FOUND');
  });

  it('describes the agent at /meta', async () => {
    const body = (await (await fetch(`${harness.baseUrl}/meta`)).json()) as Record<string, unknown>;
    assert.equal(body.name, 'rest-agent');
    assert.equal(body.version, '1.2.3');
    assert.equal(body.description, 'Test fixture exercising every REST behaviour');
    assert.deepEqual(body.actions, ['greet']);
    assert.ok(body.surfaces);
  });

  it('lists the built-in routes at the base path', async () => {
    const body = (await (await fetch(`${harness.baseUrl}/`)).json()) as {
      endpoints: Record<string, string>;
    };
    assert.equal(body.endpoints.health, '/health');
    assert.equal(body.endpoints.invoke, '/invoke');
  });

  it('invokes the entrypoint and answers { output, request_id, duration_ms }', async () => {
    const response = await postJson(`${harness.baseUrl}/invoke`, {
      input: { say: 'hi' },
      context: { user: 'u1' },
    });
    assert.equal(response.status, 200);
    const body = (await response.json()) as {
      output: { echo: unknown; requestId: string; context: unknown };
      request_id: string;
      duration_ms: number;
    };
    assert.deepEqual(body.output.echo, { say: 'hi' });
    assert.deepEqual(body.output.context, { user: 'u1' });
    assert.equal(body.output.requestId, body.request_id);
    assert.equal(typeof body.duration_ms, 'number');
  });

  it('streams an async iterable as server-sent events when the client accepts them', async () => {
    const response = await postJson(
      `${harness.baseUrl}/invoke`,
      { input: { mode: 'stream', count: 3 } },
      { accept: 'text/event-stream' }
    );
    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-type') ?? '', /^text\/event-stream/);
    assert.ok(response.headers.get('x-request-id'));
    const text = await response.text();
    const events = [...text.matchAll(/event: (\w+)\ndata: (.*)\n/g)].map((match) => ({
      event: match[1],
      data: JSON.parse(match[2]!) as unknown,
    }));
    assert.deepEqual(
      events.map((event) => event.event),
      ['chunk', 'chunk', 'chunk', 'done']
    );
    assert.deepEqual(
      events.slice(0, 3).map((event) => event.data),
      [{ index: 0 }, { index: 1 }, { index: 2 }]
    );
    assert.equal((events[3]?.data as { reason: string }).reason, 'complete');
  });

  it('gathers a stream into an array for clients that do not accept event streams', async () => {
    const response = await postJson(`${harness.baseUrl}/invoke`, {
      input: { mode: 'stream', count: 2 },
    });
    const body = (await response.json()) as { output: unknown };
    assert.deepEqual(body.output, [{ index: 0 }, { index: 1 }]);
  });

  it('ends a failing stream with an error event that hides the cause', async () => {
    const response = await postJson(
      `${harness.baseUrl}/invoke`,
      { input: { mode: 'stream-fail' } },
      { accept: 'text/event-stream' }
    );
    const text = await response.text();
    assert.match(text, /event: chunk\ndata: "first"/);
    assert.match(text, /event: error\ndata: .*PAR_ERR_AGENT_HANDLER_FAILED/);
    assert.doesNotMatch(text, /stream broke/);
  });

  it("serves the agent's own routes", async () => {
    const response = await fetch(`${harness.baseUrl}/api/ping`);
    assert.deepEqual(await response.json(), { pong: true });
  });

  it('answers an unknown route with a JSON 404 carrying a code and the request id', async () => {
    const response = await fetch(`${harness.baseUrl}/no/such/route?token=abc`);
    assert.equal(response.status, 404);
    const body = (await response.json()) as {
      error: { code: string; message: string };
      request_id: string;
    };
    assert.equal(body.error.code, 'PAR_ERR_REST_NOT_FOUND');
    assert.doesNotMatch(body.error.message, /token/);
    assert.equal(body.request_id, response.headers.get('x-request-id'));
  });

  it('answers malformed JSON with 400', async () => {
    const response = await fetch(`${harness.baseUrl}/invoke`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"input": ',
    });
    assert.equal(response.status, 400);
    const body = (await response.json()) as { error: { code: string } };
    assert.equal(body.error.code, 'PAR_ERR_REST_BAD_REQUEST');
  });

  it('answers a body that is not an object with 400', async () => {
    const response = await postJson(`${harness.baseUrl}/invoke`, [1, 2]);
    assert.equal(response.status, 400);
  });

  it('answers an unsupported content type with 415', async () => {
    const response = await fetch(`${harness.baseUrl}/invoke`, {
      method: 'POST',
      headers: { 'content-type': 'application/xml' },
      body: '<a/>',
    });
    assert.equal(response.status, 415);
    const body = (await response.json()) as { error: { code: string } };
    assert.equal(body.error.code, 'PAR_ERR_REST_UNSUPPORTED_MEDIA_TYPE');
  });

  it('answers a throwing agent with 500 whose details stay in the log', async () => {
    const response = await postJson(
      `${harness.baseUrl}/invoke`,
      { input: { mode: 'throw' } },
      { 'x-request-id': 'req-throw-1' }
    );
    assert.equal(response.status, 500);
    const body = (await response.json()) as { error: { code: string; message: string } };
    assert.equal(body.error.code, 'PAR_ERR_AGENT_HANDLER_FAILED');
    assert.doesNotMatch(JSON.stringify(body), /secret internal detail/);
    const logged = harness.logs
      .withMessage('request failed')
      .find((record) => record.requestId === 'req-throw-1');
    assert.match(JSON.stringify(logged), /secret internal detail/);
  });

  it('answers a throwing agent route with a 500 envelope', async () => {
    const response = await fetch(`${harness.baseUrl}/api/boom`);
    assert.equal(response.status, 500);
    const body = (await response.json()) as { error: { code: string; message: string } };
    assert.equal(body.error.code, 'PAR_ERR_INTERNAL');
    assert.doesNotMatch(body.error.message, /exploded/);
  });

  it('goes back to 503 on /health once draining', async () => {
    harness.lifecycle.transition('DRAINING');
    const response = await fetch(`${harness.baseUrl}/health`);
    assert.equal(response.status, 503);
    const body = (await response.json()) as { ok: boolean; state: string };
    assert.equal(body.ok, false);
    assert.equal(body.state, 'DRAINING');
    const own = await fetch(`${harness.baseUrl}/agents/test-agent/health`);
    assert.equal(own.status, 503);
  });
});

describe('REST surface under a base path', () => {
  let harness: RestHarness;
  before(async () => {
    harness = await startRestHarness(restAgent, { BASE_PATH: '/agents/app-1/' });
    harness.lifecycle.transition('READY');
  });
  after(() => harness.close());

  it('serves health both at the root and under the base path', async () => {
    assert.equal((await fetch(`${harness.baseUrl}/health`)).status, 200);
    assert.equal((await fetch(`${harness.baseUrl}/agents/app-1/health`)).status, 200);
  });

  it('serves meta and invoke under the base path only', async () => {
    assert.equal((await fetch(`${harness.baseUrl}/agents/app-1/meta`)).status, 200);
    assert.equal((await fetch(`${harness.baseUrl}/meta`)).status, 404);
    const invoked = await postJson(`${harness.baseUrl}/agents/app-1/invoke`, { input: 1 });
    assert.equal(invoked.status, 200);
  });

  it('serves agent routes once, under the base path and nowhere else', async () => {
    assert.equal((await fetch(`${harness.baseUrl}/agents/app-1/api/ping`)).status, 200);
    assert.equal((await fetch(`${harness.baseUrl}/api/ping`)).status, 404);
    assert.equal(
      (await fetch(`${harness.baseUrl}/agents/app-1/agents/app-1/api/ping`)).status,
      404
    );
    assert.equal((await fetch(`${harness.baseUrl}/agents/app-1/agents/app-1/health`)).status, 404);
  });

  it('lists routes with the base path in the index', async () => {
    const body = (await (await fetch(`${harness.baseUrl}/agents/app-1/`)).json()) as {
      endpoints: Record<string, string>;
    };
    assert.equal(body.endpoints.invoke, '/agents/app-1/invoke');
  });
});

describe('REST body limit', () => {
  let harness: RestHarness;
  before(async () => {
    harness = await startRestHarness(restAgent, { MAX_REQUEST_BODY_BYTES: '1024' });
  });
  after(() => harness.close());

  it('answers a body over MAX_REQUEST_BODY_BYTES with 413', async () => {
    const response = await postJson(`${harness.baseUrl}/invoke`, { input: 'x'.repeat(4096) });
    assert.equal(response.status, 413);
    const body = (await response.json()) as { error: { code: string } };
    assert.equal(body.error.code, 'PAR_ERR_REST_BODY_TOO_LARGE');
  });
});
