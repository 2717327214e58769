import type { Benchmark } from '../harness/benchmark.js';
import { figure, ratioGoal } from '../harness/figure.js';
import { alternate } from '../harness/alternate.js';
import { helloAgentDir, startBare, startPar } from '../harness/servers.js';

/**
 * Process start to the first `/health` 200: `par run` with the example agent against a bare
 * Node process that starts fastify and grpc-js and listens. Both include Node's own start.
 */
export const coldBoot: Benchmark = {
  name: 'cold-boot',
  description: 'spawn to /health 200: par run (example agent) vs bare fastify + grpc-js',
  async run(settings) {
    const bootOnce = async (start: () => ReturnType<typeof startBare>) => {
      const server = await start();
      await server.process.stop();
      return server.process.bootMs;
    };
    const rounds = settings.quick ? 2 : settings.rounds * 2;
    const times = await alternate(
      rounds,
      () => bootOnce(startBare),
      () => bootOnce(() => startPar(helloAgentDir))
    );
    return [
      figure({
        benchmark: 'cold-boot',
        metric: 'boot time',
        unit: 'ms',
        direction: 'lower-is-better',
        subject: times.subject,
        baseline: times.baseline,
        goal: ratioGoal(2),
      }),
    ];
  },
};
