/**
 * `GET /metrics` and the request metrics of the REST surface, over a real socket: the surfaces
 * as the lifecycle composes them, with the real agent loader and a RuntimeMetrics.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Agent } from '../../src/agent/index.js';
import { loadConfig } from '../../src/config/index.js';
import { Lifecycle, lifecycleStates } from '../../src/lifecycle/index.js';
import { createSurfaces } from '../../src/lifecycle/surfaces.js';
import { readManifest } from '../../src/package/index.js';
import { RuntimeMetrics } from '../../src/telemetry/index.js';
import type { Surface } from '../../src/transports/index.js';
import { call, waitUntil } from '../helpers/http-calls.js';
import { fixturesDir } from '../helpers/paths.js';
import { freePort } from '../helpers/ports.js';
import { parseSamples, sampleValue, type Sample } from '../helpers/prometheus-text.js';
import { capturingLogger, type LogCapture } from '../helpers/rest-harness.js';

interface Served {
  port: number;
  lifecycle: Lifecycle;
  logs: LogCapture;
  close(): Promise<void>;
}

async function serve(fixture: string, env: Record<string, string> = {}): Promise<Served> {
  const port = await freePort();
  const { config } = loadConfig({
    AGENT_APP_ID: 'test-agent',
    REST_PORT: `${port}`,
    BIND_HOST: '127.0.0.1',
    // Only the REST surface: no other port to pick or collide on.
    GRPC_ENABLED: 'false',
    ...env,
  });
  const { logger, logs } = capturingLogger();
  const root = path.join(fixturesDir, fixture);
  const pkg = {
    root,
    manifest: await readManifest(root),
    origin: root,
    sha256: undefined,
    cleanup: () => Promise.resolve(),
  };
  const agent = await Agent.load(pkg, { agentId: config.agentAppId, logger });
  const lifecycle = new Lifecycle(logger);
  const metrics = new RuntimeMetrics({ runtimeVersion: '0.0.0-test', lifecycleStates });
  const surfaces: Surface[] = await createSurfaces({
    config,
    agent,
    status: lifecycle,
    logger,
    runtimeVersion: '0.0.0-test',
    metrics,
  });
  for (const surface of surfaces) await surface.listen();
  return {
    port,
    lifecycle,
    logs,
    close: async () => {
      await Promise.all(surfaces.map((surface) => surface.close(1000)));
    },
  };
}

async function scrape(port: number): Promise<Sample[]> {
  const response = await call(port, '/metrics');
  assert.equal(response.status, 200);
  return parseSamples(response.body);
}

describe('GET /metrics at the root base path', () => {
  let served: Served;
  before(async () => {
    served = await serve('rest-agent');
  });
  after(() => served.close());

  it('answers Prometheus text with process metrics and the runtime version', async () => {
    const response = await call(served.port, '/metrics');
    assert.equal(response.status, 200);
    assert.equal(response.headers['content-type'], 'text/plain; version=0.0.4; charset=utf-8');
    assert.equal(response.headers['cache-control'], 'no-store');
    const samples = parseSamples(response.body);
    assert.ok(sampleValue(samples, 'process_cpu_seconds_total')! >= 0);
    assert.equal(sampleValue(samples, 'par_runtime_info', { version: '0.0.0-test' }), 1);
  });

  it('counts requests by route template and status, with unmatched for 404s', async () => {
    await call(served.port, '/health');
    served.lifecycle.transition('READY');
    await call(served.port, '/health');
    await call(served.port, '/agents/test-agent/health');
    await call(served.port, '/agents/someone-else/health');
    await call(served.port, '/no/such/path/12345?token=abc');
    await call(served.port, '/invoke', { json: { input: { say: 'hi' } } });

    const response = await call(served.port, '/metrics');
    const samples = parseSamples(response.body);
    const count = (route: string, status: string, method = 'GET') =>
      sampleValue(samples, 'par_requests_total', { surface: 'rest', route, method, status });
    assert.equal(count('/health', '503'), 1);
    assert.equal(count('/health', '200'), 1);
    assert.equal(count('/agents/:agentId/health', '200'), 1);
    assert.equal(count('/agents/:agentId/health', '404'), 1);
    assert.equal(count('unmatched', '404'), 1);
    assert.equal(count('/invoke', '200', 'POST'), 1);

    const histogram = sampleValue(samples, 'par_request_duration_seconds_count', {
      route: '/invoke',
      status: '200',
    });
    assert.equal(histogram, 1);
    for (const raw of ['someone-else', '12345', 'token', 'abc']) {
      assert.equal(response.body.includes(raw), false, `the raw path part ${raw} is exposed`);
    }
  });
});

describe('GET /metrics with a base path', () => {
  let served: Served;
  before(async () => {
    served = await serve('rest-agent', { BASE_PATH: '/agents-base' });
  });
  after(() => served.close());

  it('is served at the root and not under the base path', async () => {
    assert.equal((await call(served.port, '/metrics')).status, 200);
    assert.equal((await call(served.port, '/agents-base/metrics')).status, 404);
  });

  it('labels base-path routes with their full template', async () => {
    await call(served.port, '/agents-base/meta');
    const samples = await scrape(served.port);
    const meta = sampleValue(samples, 'par_requests_total', {
      route: '/agents-base/meta',
      status: '200',
    });
    assert.equal(meta, 1);
  });
});

describe('request metrics of a request the client abandons', () => {
  let served: Served;
  before(async () => {
    served = await serve('slow-agent');
  });
  after(() => served.close());

  it('counts it with status aborted', async () => {
    const leave = new AbortController();
    const request = call(served.port, '/invoke', {
      json: { input: { hold: true } },
      signal: leave.signal,
    });
    await waitUntil(
      () => served.logs.withMessage('slow request started').length === 1,
      'the request reached the agent'
    );
    leave.abort();
    assert.ok((await request).error);

    await waitUntil(async () => {
      const samples = await scrape(served.port);
      const aborted = sampleValue(samples, 'par_requests_total', {
        route: '/invoke',
        status: 'aborted',
      });
      return aborted === 1;
    }, 'the abandoned request is counted as aborted');
  });
});
