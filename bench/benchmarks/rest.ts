/**
 * REST under load: requests per second and p50 / p99 latency from autocannon on `POST /invoke`
 * and the example agent's own route `GET /api/ping`, PAR (JSON logs at info to a drained pipe,
 * metrics on) against a bare fastify route doing the same work.
 */
import type { Benchmark } from '../harness/benchmark.js';
import { figure, ratioGoal, type Figure } from '../harness/figure.js';
import { alternate } from '../harness/alternate.js';
import { runHttpLoad, type HttpLoad, type HttpLoadResult } from '../harness/http-load.js';
import { startBare, startPar } from '../harness/servers.js';

const routes: ReadonlyArray<{
  label: string;
  load: Omit<HttpLoad, 'connections' | 'durationSec'>;
}> = [
  {
    label: 'POST /invoke',
    load: { path: '/invoke', method: 'POST', body: { input: { message: 'hello there' } } },
  },
  { label: 'GET /api/ping', load: { path: '/api/ping', method: 'GET' } },
];

export const rest: Benchmark = {
  name: 'rest',
  description: 'autocannon on /invoke and an agent route: par vs bare fastify',
  async run(settings) {
    const [par, bare] = await Promise.all([startPar(settings.packagePath), startBare()]);
    try {
      const figures: Figure[] = [];
      for (const { label, load } of routes) {
        const full = {
          ...load,
          connections: settings.connections,
          durationSec: settings.loadDurationSec,
        };
        const runs = await alternate(
          settings.rounds,
          () => runHttpLoad(bare.restUrl, full),
          () => runHttpLoad(par.restUrl, full)
        );
        figures.push(...restFigures(label, runs));
      }
      return figures;
    } finally {
      await Promise.all([par.process.stop(), bare.process.stop()]);
    }
  },
};

function restFigures(
  label: string,
  runs: { baseline: HttpLoadResult[]; subject: HttpLoadResult[] }
): Figure[] {
  const pick = (key: keyof HttpLoadResult) => ({
    subject: runs.subject.map((run) => run[key]),
    baseline: runs.baseline.map((run) => run[key]),
  });
  const benchmark = `rest ${label}`;
  return [
    figure({
      benchmark,
      metric: 'throughput',
      unit: 'req/s',
      direction: 'higher-is-better',
      ...pick('requestsPerSec'),
      goal: ratioGoal(0.85),
    }),
    figure({
      benchmark,
      metric: 'p50',
      unit: 'ms',
      direction: 'lower-is-better',
      ...pick('p50Ms'),
    }),
    figure({
      benchmark,
      metric: 'p99',
      unit: 'ms',
      direction: 'lower-is-better',
      ...pick('p99Ms'),
    }),
  ];
}
