// The bare floor PAR is measured against: plain fastify and grpc-js in one process, doing the
// same work as the example agent (echo, ping, a word stream over SSE; the `greet` and `words`
// actions over pixell.agent.AgentService from the same proto/agent.proto) with nothing around
// it: no logging, no metrics, no request ids kept, no agent loading. Plain JavaScript, so no
// loader runs. It is ready when /health answers, which it does only once both servers listen.
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import grpc from '@grpc/grpc-js';
import protoLoader from '@grpc/proto-loader';
import Fastify from 'fastify';

const restPort = Number(process.env.REST_PORT ?? 18080);
const grpcPort = Number(process.env.A2A_PORT ?? 15051);
const host = process.env.BIND_HOST ?? '127.0.0.1';
const agentProto = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../proto/agent.proto'
);

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
  for (const word of splitWords(message)) {
    id += 1;
    reply.raw.write(`id: ${id}\nevent: chunk\ndata: ${JSON.stringify(word)}\n\n`);
  }
  reply.raw.end(`id: ${id + 1}\nevent: done\ndata: {}\n\n`);
  return reply;
});

// The same proto-loader options PAR uses, so both sides encode the same messages.
const definition = protoLoader.loadSync(agentProto, {
  keepCase: true,
  longs: Number,
  enums: String,
  defaults: true,
  oneofs: true,
});
const { AgentService } = grpc.loadPackageDefinition(definition).pixell.agent;

const actions = {
  greet: (parameters) => ({ greeting: `hello, ${parameters.name ?? 'world'}` }),
  words: (parameters) => splitWords(parameters.text ?? ''),
};

const server = new grpc.Server();
server.addService(AgentService.service, {
  Ping(_call, callback) {
    callback(null, { message: 'pong', timestamp: Date.now() });
  },
  Invoke(call, callback) {
    const startedAt = performance.now();
    const action = actions[call.request.action];
    const requestId = call.request.request_id || randomUUID();
    if (action === undefined) {
      callback(null, { success: false, error: 'unknown action', request_id: requestId });
      return;
    }
    callback(null, {
      success: true,
      result: JSON.stringify(action(call.request.parameters)),
      request_id: requestId,
      duration_ms: Math.round(performance.now() - startedAt),
    });
  },
  async InvokeStream(call) {
    const startedAt = performance.now();
    const requestId = call.request.request_id || randomUUID();
    const items = call.request.action === 'words' ? actions.words(call.request.parameters) : [];
    let sequence = 0;
    for (const item of items) {
      sequence += 1;
      const chunk = { request_id: requestId, sequence, data: JSON.stringify(item) };
      // Respect flow control as any real streaming handler must.
      if (!call.write(chunk)) await once(call, 'drain');
    }
    call.write({
      request_id: requestId,
      sequence: sequence + 1,
      done: true,
      success: true,
      duration_ms: Math.round(performance.now() - startedAt),
    });
    call.end();
  },
});
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

function splitWords(text) {
  return text.split(/\s+/).filter(Boolean);
}
