/**
 * Streaming throughput: server-sent `chunk` events per second from `POST /invoke` streams, and
 * `InvokeStream` messages per second over gRPC, each against the bare process streaming the
 * same words the same way. Streams run back to back on a few connections.
 */
import type { Benchmark } from '../harness/benchmark.js';
import { figure } from '../harness/figure.js';
import { alternate } from '../harness/alternate.js';
import { runGrpcStreamLoad } from '../harness/grpc-load.js';
import { runSseLoad } from '../harness/sse-load.js';
import { startBare, startPar } from '../harness/servers.js';

const wordsPerStream = 1000;

export const streaming: Benchmark = {
  name: 'streaming',
  description: `SSE events/s and InvokeStream msgs/s, ${wordsPerStream}-item streams: par vs bare`,
  async run(settings) {
    const [par, bare] = await Promise.all([startPar(settings.packagePath), startBare()]);
    try {
      const concurrency = Math.max(1, Math.floor(settings.connections / 4));
      const load = { words: wordsPerStream, durationSec: settings.loadDurationSec };
      const sse = await alternate(
        settings.rounds,
        () => runSseLoad(bare.restUrl, { ...load, connections: concurrency }),
        () => runSseLoad(par.restUrl, { ...load, connections: concurrency })
      );
      const grpc = await alternate(
        settings.rounds,
        () => runGrpcStreamLoad(bare.grpcAddress, { ...load, concurrency }),
        () => runGrpcStreamLoad(par.grpcAddress, { ...load, concurrency })
      );

      return [
        figure({
          benchmark: 'streaming sse',
          metric: 'events',
          unit: 'events/s',
          direction: 'higher-is-better',
          subject: sse.subject.map((run) => run.eventsPerSec),
          baseline: sse.baseline.map((run) => run.eventsPerSec),
        }),
        figure({
          benchmark: 'streaming grpc',
          metric: 'InvokeStream messages',
          unit: 'msgs/s',
          direction: 'higher-is-better',
          subject: grpc.subject.map((run) => run.messagesPerSec),
          baseline: grpc.baseline.map((run) => run.messagesPerSec),
        }),
      ];
    } finally {
      await Promise.all([par.process.stop(), bare.process.stop()]);
    }
  },
};
