import type { Benchmark } from '../harness/benchmark.js';
import { figure } from '../harness/figure.js';
import { alternate } from '../harness/alternate.js';
import { runSseLoad } from '../harness/sse-load.js';
import { helloAgentDir, startBare, startPar } from '../harness/servers.js';

const wordsPerStream = 1000;

/** Server-sent events per second from `POST /invoke` streams, against a bare fastify stream. */
export const streaming: Benchmark = {
  name: 'streaming',
  description: `SSE chunk events/s, ${wordsPerStream}-event streams: par vs bare fastify`,
  async run(settings) {
    const [par, bare] = await Promise.all([startPar(helloAgentDir), startBare()]);
    try {
      const load = {
        words: wordsPerStream,
        connections: Math.max(1, Math.floor(settings.connections / 4)),
        durationSec: settings.loadDurationSec,
      };
      const runs = await alternate(
        settings.rounds,
        () => runSseLoad(bare.restUrl, load),
        () => runSseLoad(par.restUrl, load)
      );
      return [
        figure({
          benchmark: 'streaming sse',
          metric: 'events',
          unit: 'events/s',
          direction: 'higher-is-better',
          subject: runs.subject.map((run) => run.eventsPerSec),
          baseline: runs.baseline.map((run) => run.eventsPerSec),
        }),
      ];
    } finally {
      await Promise.all([par.process.stop(), bare.process.stop()]);
    }
  },
};
