/**
 * A bounded gRPC load generator (there is no ready-made one for Node or in Debian): one grpc-js
 * client (one HTTP/2 connection, as a caller agent would hold) and `concurrency` loops that
 * each keep one call in flight until the duration is up. Both sides get the same proto.
 */
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import path from 'node:path';
import { quantile } from './sample.js';
import { repoRoot } from './paths.js';

const agentProto = path.join(repoRoot, 'proto/agent.proto');

export interface GrpcLoad {
  concurrency: number;
  durationSec: number;
}

export interface GrpcUnaryResult {
  callsPerSec: number;
  p50Ms: number;
  p99Ms: number;
}

export interface GrpcStreamResult {
  /** Data messages (not the final `done` one) received per second. */
  messagesPerSec: number;
}

interface ActionResult {
  success: boolean;
  error: string;
}

interface ActionChunk {
  done: boolean;
  success: boolean;
  error: string;
}

type Unary = (
  request: unknown,
  options: grpc.CallOptions,
  callback: (error: grpc.ServiceError | null, value?: ActionResult) => void
) => grpc.ClientUnaryCall;
type ServerStream = (
  request: unknown,
  options: grpc.CallOptions
) => grpc.ClientReadableStream<ActionChunk>;

// No call may outlive its run by more than this: a stalled server fails the run, never hangs it.
const callGraceMs = 30_000;

/** A grpc-js deadline (wall-clock time) `callGraceMs` past the end of the run. */
function callDeadline(runEndsAt: number): Date {
  return new Date(Date.now() + (runEndsAt - performance.now()) + callGraceMs);
}

let clientClass: grpc.ServiceClientConstructor | undefined;

function agentClient(address: string): grpc.Client {
  if (clientClass === undefined) {
    const definition = protoLoader.loadSync(agentProto, {
      keepCase: true,
      longs: Number,
      enums: String,
      defaults: true,
      oneofs: true,
    });
    const root = grpc.loadPackageDefinition(definition) as unknown as {
      pixell: { agent: { AgentService: grpc.ServiceClientConstructor } };
    };
    clientClass = root.pixell.agent.AgentService;
  }
  return new clientClass(address, grpc.credentials.createInsecure());
}

/** `Invoke` of the `greet` action, back to back in every loop; any failed call voids the run. */
export async function runGrpcUnaryLoad(address: string, load: GrpcLoad): Promise<GrpcUnaryResult> {
  const client = agentClient(address);
  const invoke = (client as unknown as { Invoke: Unary }).Invoke.bind(client);
  const request = { action: 'greet', parameters: { name: 'bench' } };
  const latenciesMs: number[] = [];
  try {
    await waitForReady(client);
    const startedAt = performance.now();
    const deadline = startedAt + load.durationSec * 1000;
    const loop = async () => {
      while (performance.now() < deadline) {
        const sentAt = performance.now();
        await new Promise<void>((resolve, reject) => {
          invoke(request, { deadline: callDeadline(deadline) }, (error, value) => {
            if (error) return reject(error);
            if (!value?.success) return reject(new Error(`Invoke failed: ${value?.error}`));
            resolve();
          });
        });
        latenciesMs.push(performance.now() - sentAt);
      }
    };
    await Promise.all(Array.from({ length: load.concurrency }, loop));
    const elapsedSec = (performance.now() - startedAt) / 1000;

    return {
      callsPerSec: latenciesMs.length / elapsedSec,
      p50Ms: quantile(latenciesMs, 0.5),
      p99Ms: quantile(latenciesMs, 0.99),
    };
  } finally {
    client.close();
  }
}

/**
 * `InvokeStream` of the `words` action over a `words`-word text, streams back to back in every
 * loop; counts the data messages. A stream that ends unsuccessfully voids the run.
 */
export async function runGrpcStreamLoad(
  address: string,
  load: GrpcLoad & { words: number }
): Promise<GrpcStreamResult> {
  const client = agentClient(address);
  const invokeStream = (client as unknown as { InvokeStream: ServerStream }).InvokeStream.bind(
    client
  );
  const text = Array.from({ length: load.words }, (_value, index) => `w${index}`).join(' ');
  const request = { action: 'words', parameters: { text } };
  let messages = 0;
  try {
    await waitForReady(client);
    const startedAt = performance.now();
    const deadline = startedAt + load.durationSec * 1000;
    const loop = async () => {
      while (performance.now() < deadline) {
        let finished = false;
        for await (const chunk of invokeStream(request, { deadline: callDeadline(deadline) })) {
          if (!chunk.done) {
            messages += 1;
            continue;
          }
          if (!chunk.success) throw new Error(`InvokeStream failed: ${chunk.error}`);
          finished = true;
        }
        if (!finished) throw new Error('InvokeStream ended without its final message');
      }
    };
    await Promise.all(Array.from({ length: load.concurrency }, loop));

    return { messagesPerSec: messages / ((performance.now() - startedAt) / 1000) };
  } finally {
    client.close();
  }
}

function waitForReady(client: grpc.Client): Promise<void> {
  return new Promise((resolve, reject) => {
    client.waitForReady(Date.now() + 10_000, (error) => (error ? reject(error) : resolve()));
  });
}
