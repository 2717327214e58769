/** One autocannon run against a route: throughput and latency; any failed request is an error. */
import autocannon from 'autocannon';

export interface HttpLoad {
  path: string;
  method: 'GET' | 'POST';
  body?: unknown;
  connections: number;
  durationSec: number;
}

export interface HttpLoadResult {
  requestsPerSec: number;
  p50Ms: number;
  p99Ms: number;
}

/** Drives `load` against `baseUrl` with autocannon; any failed request voids the run. */
export async function runHttpLoad(baseUrl: string, load: HttpLoad): Promise<HttpLoadResult> {
  const result = await autocannon({
    url: `${baseUrl}${load.path}`,
    method: load.method,
    body: load.body === undefined ? undefined : JSON.stringify(load.body),
    headers: load.body === undefined ? {} : { 'content-type': 'application/json' },
    connections: load.connections,
    duration: load.durationSec,
    // autocannon ends a run on its next sample tick: short runs need shorter ticks.
    sampleInt: Math.min(1000, (load.durationSec * 1000) / 2),
  });
  const failed = result.non2xx + result.errors + result.timeouts;
  if (failed > 0 || result.requests.total === 0) {
    throw new Error(`load on ${load.path}: ${failed} failed of ${result.requests.total} requests`);
  }
  return {
    // Completed requests over the run's own measured length, not autocannon's per-second
    // samples, whose last one is partial on short runs.
    requestsPerSec: result.requests.total / result.duration,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
  };
}
