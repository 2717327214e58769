// The bare floor PAR is measured against: plain fastify and grpc-js in one process, doing the
// same work as the example agent (echo, ping, a word stream) with nothing around it: no
// logging, no metrics, no request ids, no agent loading. Plain JavaScript, so no loader runs.
import { randomUUID } from 'node:crypto';
import grpc from '@grpc/grpc-js';
import Fastify from 'fastify';

const restPort = Number(process.env.REST_PORT ?? 18080);
const grpcPort = Number(process.env.A2A_PORT ?? 15051);
const host = process.env.BIND_HOST ?? '127.0.0.1';

const app = Fastify({ logger: false });

app.get('/health', () => ({ ok: true }));
app.get('/api/ping', () => ({ pong: true, at: new Date().toISOString() }));
app.post('/invoke', async (request, reply) => {
  const startedAt = performance.now();
  const input = request.body?.input ?? {};
  const message = input.message ?? '';
  if (!input.stream) {
    return {
      output: { echo: message, agent: 'bare' },
      request_id: randomUUID(),
      duration_ms: performance.now() - startedAt,
    };
  }
  reply.hijack();
  reply.raw.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8' });
  let id = 0;
  for (const word of message.split(/\s+/).filter(Boolean)) {
    id += 1;
    reply.raw.write(`id: ${id}\nevent: chunk\ndata: ${JSON.stringify(word)}\n\n`);
  }
  reply.raw.end(`id: ${id + 1}\nevent: done\ndata: {}\n\n`);
  return reply;
});

const server = new grpc.Server();
await new Promise((resolve, reject) => {
  server.bindAsync(`${host}:${grpcPort}`, grpc.ServerCredentials.createInsecure(), (error) =>
    error ? reject(error) : resolve(undefined)
  );
});
await app.listen({ host, port: restPort });

process.once('SIGTERM', () => {
  server.forceShutdown();
  void app.close().then(() => process.exit(0));
});
