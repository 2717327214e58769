/**
 * Cold boot: process start to the first `/health` 200, `par run` on the suite's package
 * (`BenchSettings.packagePath`: the example agent's folder, or a packed `.apkg`) against a bare
 * Node process that starts fastify and a grpc-js server and listens. Both include Node's start.
 */
import type { Benchmark } from '../harness/benchmark.js';
import { figure, ratioGoal } from '../harness/figure.js';
import { alternate } from '../harness/alternate.js';
import { startBare, startPar, type RunningServer } from '../harness/servers.js';

export const coldBoot: Benchmark = {
  name: 'cold-boot',
  description: 'spawn to /health 200: par run (example agent) vs bare fastify + grpc-js',
  async run(settings) {
    const bootOnce = async (start: () => Promise<RunningServer>) => {
      const server = await start();
      await server.process.stop();
      return server.process.bootMs;
    };
    const par = () => bootOnce(() => startPar(settings.packagePath));
    const bare = () => bootOnce(startBare);

    // One untimed boot of each first, so neither side pays for reading files into the cache.
    // Boots are short: a full run takes twice the rounds of the load benchmarks.
    if (!settings.quick) {
      await bare();
      await par();
    }
    const times = await alternate(
      settings.quick ? settings.rounds : settings.rounds * 2,
      bare,
      par
    );

    return [
      figure({
        benchmark: 'cold-boot',
        metric: 'spawn to /health 200',
        unit: 'ms',
        direction: 'lower-is-better',
        subject: times.subject,
        baseline: times.baseline,
        goal: ratioGoal(2),
      }),
    ];
  },
};
