/**
 * GET {BASE_PATH}/a2a/health on the REST surface: the gRPC surface's state read from the
 * runtime's status alone. No gRPC server runs in these tests, which is the point: the route
 * never opens a connection to find out.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fixturesDir } from '../../helpers/paths.js';
import { startRestHarness, type RestHarness } from '../../helpers/rest-harness.js';

const restAgent = path.join(fixturesDir, 'rest-agent');

describe('GET {BASE_PATH}/a2a/health', () => {
  let harness: RestHarness;
  before(async () => {
    harness = await startRestHarness(restAgent, { BASE_PATH: '/agents/a1' });
  });
  after(() => harness.close());

  async function a2aHealth() {
    const response = await fetch(`${harness.baseUrl}/agents/a1/a2a/health`);
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  }

  it('answers 503 while the gRPC surface does not listen', async () => {
    const { status, body } = await a2aHealth();
    assert.equal(status, 503);
    assert.equal(body.ok, false);
    assert.equal(body.service, 'a2a');
    assert.equal(body.listening, false);
    assert.equal(body.state, 'STARTING');
  });

  it('answers 200 once it listens and the runtime is READY, 503 from DRAINING on', async () => {
    harness.lifecycle.markListening('a2a', true);
    assert.equal((await a2aHealth()).status, 503, 'listening but still STARTING');

    harness.lifecycle.transition('READY');
    const ready = await a2aHealth();
    assert.equal(ready.status, 200);
    assert.equal(ready.body.ok, true);
    assert.equal(ready.body.listening, true);
    assert.equal(typeof ready.body.timestamp, 'number');

    harness.lifecycle.transition('DRAINING');
    const draining = await a2aHealth();
    assert.equal(draining.status, 503);
    assert.equal(draining.body.state, 'DRAINING');
  });

  it('is listed in the index of built-in routes', async () => {
    const body = (await (await fetch(`${harness.baseUrl}/agents/a1/`)).json()) as {
      endpoints: Record<string, string>;
    };
    assert.equal(body.endpoints.a2a_health, '/agents/a1/a2a/health');
  });
});

describe('GET /a2a/health with GRPC_ENABLED=false', () => {
  let harness: RestHarness;
  before(async () => {
    harness = await startRestHarness(restAgent, { GRPC_ENABLED: 'false' });
  });
  after(() => harness.close());

  it('answers 404 with a stable code, since there is no gRPC surface', async () => {
    const response = await fetch(`${harness.baseUrl}/a2a/health`);
    assert.equal(response.status, 404);
    const body = (await response.json()) as { error: { code: string; message: string } };
    assert.equal(body.error.code, 'PAR_ERR_REST_NOT_FOUND');
    assert.match(body.error.message, /GRPC_ENABLED=false/);
  });
});
