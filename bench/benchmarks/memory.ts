/**
 * Memory: resident set size of a fresh process once it has settled after boot, and its peak,
 * sampled every 100 ms, while it serves `POST /invoke` under the REST load: PAR against the
 * bare fastify + grpc-js process.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { Benchmark } from '../harness/benchmark.js';
import { absoluteGoal, figure } from '../harness/figure.js';
import { alternate } from '../harness/alternate.js';
import { runHttpLoad } from '../harness/http-load.js';
import { startBare, startPar, type RunningServer } from '../harness/servers.js';

// How long a fresh process sits before its idle size is read (a quick run only smoke-tests).
const settleMs = { full: 1000, quick: 300 };
const sampleEveryMs = 100;

interface MemoryRun {
  idleMb: number;
  peakUnderLoadMb: number;
}

export const memory: Benchmark = {
  name: 'memory',
  description: 'RSS idle after boot and peak under /invoke load: par vs bare',
  async run(settings) {
    const measure = async (start: () => Promise<RunningServer>): Promise<MemoryRun> => {
      const server = await start();
      try {
        await sleep(settings.quick ? settleMs.quick : settleMs.full);
        const idleMb = await server.process.rssMb();
        let peakUnderLoadMb = idleMb;
        const sampler = setInterval(() => {
          server.process
            .rssMb()
            .then((mb) => (peakUnderLoadMb = Math.max(peakUnderLoadMb, mb)))
            // A sample racing the end of the run may find the process gone; it is not needed.
            .catch(() => undefined);
        }, sampleEveryMs);
        try {
          await runHttpLoad(server.restUrl, {
            path: '/invoke',
            method: 'POST',
            body: { input: { message: 'hello there' } },
            connections: settings.connections,
            durationSec: settings.loadDurationSec,
          });
        } finally {
          clearInterval(sampler);
        }
        return { idleMb, peakUnderLoadMb };
      } finally {
        await server.process.stop();
      }
    };
    const runs = await alternate(
      settings.rounds,
      () => measure(startBare),
      () => measure(() => startPar(settings.packagePath))
    );
    const pick = (key: keyof MemoryRun) => ({
      subject: runs.subject.map((run) => run[key]),
      baseline: runs.baseline.map((run) => run[key]),
    });
    return [
      figure({
        benchmark: 'memory',
        metric: 'rss idle',
        unit: 'MB',
        direction: 'lower-is-better',
        ...pick('idleMb'),
        goal: absoluteGoal(80, 'MB'),
      }),
      figure({
        benchmark: 'memory',
        metric: 'rss under load',
        unit: 'MB',
        direction: 'lower-is-better',
        ...pick('peakUnderLoadMb'),
      }),
    ];
  },
};
