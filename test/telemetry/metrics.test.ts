import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { register as globalRegistry } from 'prom-client';
import { RuntimeMetrics } from '../../src/telemetry/index.js';
import { parseSamples, sampleValue } from '../helpers/prometheus-text.js';

const states = ['STARTING', 'READY', 'DRAINING', 'STOPPED', 'FAILED'];

function newMetrics(processMetrics = false) {
  return new RuntimeMetrics({ runtimeVersion: '1.2.3', lifecycleStates: states, processMetrics });
}

async function samplesOf(metrics: RuntimeMetrics) {
  return parseSamples(await metrics.exposition());
}

describe('RuntimeMetrics', () => {
  it('owns its registry: nothing in the global one, no counts shared', async () => {
    const first = newMetrics();
    const second = newMetrics();
    first.observeRequest({
      surface: 'rest',
      route: '/x',
      method: 'GET',
      status: 200,
      durationMs: 1,
    });

    assert.equal(globalRegistry.getSingleMetric('par_requests_total'), undefined);
    assert.equal(sampleValue(await samplesOf(first), 'par_requests_total'), 1);
    assert.equal(sampleValue(await samplesOf(second), 'par_requests_total'), undefined);
  });

  it('takes gRPC calls alike: full method name as route, status name as status', async () => {
    const metrics = newMetrics();
    const call = {
      surface: 'a2a',
      route: '/pixell.agent.AgentService/Invoke',
      method: 'unary',
      status: 'OK',
      durationMs: 1500,
    };
    metrics.observeRequest(call);
    metrics.observeRequest({ ...call, status: 'UNAVAILABLE', durationMs: 20 });

    const samples = await samplesOf(metrics);
    const labels = { surface: 'a2a', route: call.route, method: 'unary', status: 'OK' };
    assert.equal(sampleValue(samples, 'par_requests_total', labels), 1);
    assert.equal(sampleValue(samples, 'par_request_duration_seconds_sum', labels), 1.5);
    const bucket = (le: string) =>
      sampleValue(samples, 'par_request_duration_seconds_bucket', { ...labels, le });
    assert.equal(bucket('1'), 0);
    assert.equal(bucket('2.5'), 1);
    assert.equal(
      sampleValue(samples, 'par_requests_total', { ...labels, status: 'UNAVAILABLE' }),
      1
    );
  });

  it('reads in-flight counts from their sources at every scrape', async () => {
    const metrics = newMetrics();
    let rest = 3;
    metrics.trackInFlight('rest', () => rest);
    metrics.trackInFlight('a2a', () => 1);
    assert.equal(
      sampleValue(await samplesOf(metrics), 'par_requests_in_flight', { surface: 'rest' }),
      3
    );
    rest = 0;
    const samples = await samplesOf(metrics);
    assert.equal(sampleValue(samples, 'par_requests_in_flight', { surface: 'rest' }), 0);
    assert.equal(sampleValue(samples, 'par_requests_in_flight', { surface: 'a2a' }), 1);
  });

  it('exposes every lifecycle state, 1 for the current one, and readiness', async () => {
    const metrics = newMetrics();
    metrics.recordState('READY', true);
    let samples = await samplesOf(metrics);
    for (const state of states) {
      const expected = state === 'READY' ? 1 : 0;
      assert.equal(sampleValue(samples, 'par_lifecycle_state', { state }), expected, state);
    }
    assert.equal(sampleValue(samples, 'par_ready'), 1);

    metrics.recordState('DRAINING', false);
    samples = await samplesOf(metrics);
    assert.equal(sampleValue(samples, 'par_lifecycle_state', { state: 'DRAINING' }), 1);
    assert.equal(sampleValue(samples, 'par_lifecycle_state', { state: 'READY' }), 0);
    assert.equal(sampleValue(samples, 'par_ready'), 0);
  });

  it('exposes boot durations in seconds, per phase', async () => {
    const metrics = newMetrics();
    metrics.recordBoot(1234.5678, { startup: 200.25, load: 1011.225 });
    const samples = await samplesOf(metrics);
    assert.equal(sampleValue(samples, 'par_boot_duration_seconds'), 1.234568);
    assert.equal(
      sampleValue(samples, 'par_boot_phase_duration_seconds', { phase: 'load' }),
      1.011225
    );
    assert.equal(
      sampleValue(samples, 'par_boot_phase_duration_seconds', { phase: 'startup' }),
      0.20025
    );
  });

  it('adds the default process metrics unless told not to', async () => {
    assert.ok(sampleValue(await samplesOf(newMetrics(true)), 'process_cpu_seconds_total')! >= 0);
    assert.equal(
      sampleValue(await samplesOf(newMetrics(false)), 'process_cpu_seconds_total'),
      undefined
    );
  });
});
