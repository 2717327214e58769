/**
 * gRPC `Invoke` under load: calls per second and p50 / p99 latency from a bounded grpc-js
 * client loop, PAR (logging and metrics on) against a bare grpc-js unary handler doing the
 * same work from the same proto/agent.proto.
 */
import type { Benchmark } from '../harness/benchmark.js';
import { figure, ratioGoal } from '../harness/figure.js';
import { alternate } from '../harness/alternate.js';
import { runGrpcUnaryLoad, type GrpcUnaryResult } from '../harness/grpc-load.js';
import { startBare, startPar } from '../harness/servers.js';

export const grpcInvoke: Benchmark = {
  name: 'grpc',
  description: 'grpc-js client loop on AgentService/Invoke (greet): par vs bare grpc-js',
  async run(settings) {
    const [par, bare] = await Promise.all([startPar(settings.packagePath), startBare()]);
    try {
      const load = { concurrency: settings.connections, durationSec: settings.loadDurationSec };
      const runs = await alternate(
        settings.rounds,
        () => runGrpcUnaryLoad(bare.grpcAddress, load),
        () => runGrpcUnaryLoad(par.grpcAddress, load)
      );
      const pick = (key: keyof GrpcUnaryResult) => ({
        subject: runs.subject.map((run) => run[key]),
        baseline: runs.baseline.map((run) => run[key]),
      });
      const benchmark = 'grpc Invoke';

      return [
        figure({
          benchmark,
          metric: 'throughput',
          unit: 'calls/s',
          direction: 'higher-is-better',
          ...pick('callsPerSec'),
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
    } finally {
      await Promise.all([par.process.stop(), bare.process.stop()]);
    }
  },
};
