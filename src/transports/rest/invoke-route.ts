import type { FastifyInstance } from 'fastify';
import { isAsyncIterable, type Agent } from '../../agent/index.js';
import { RuntimeError } from '../../errors/index.js';
import type { RuntimeStatus } from '../runtime-status.js';
import { acceptsEventStream, elapsedMs, streamServerSentEvents } from './sse-stream.js';

interface InvokeBody {
  input?: unknown;
  context?: Record<string, unknown>;
}

/**
 * `POST /invoke` with `{ input, context? }`: calls the entrypoint and answers
 * `{ output, request_id, duration_ms }`. A streamed result goes out as server-sent events when
 * the client accepts them, and is gathered into an array otherwise.
 */
export function registerInvokeRoute(
  app: FastifyInstance,
  agent: Agent,
  status: RuntimeStatus
): void {
  app.post('/invoke', async (request, reply) => {
    const startedAt = performance.now();
    const body = parseInvokeBody(request.body);
    const abort = new AbortController();
    const onClientGone = () => {
      if (!reply.raw.writableEnded) abort.abort(new Error('client went away'));
    };
    reply.raw.once('close', onClientGone);

    const output = await agent.invoke(body.input, {
      requestId: request.id,
      logger: request.log,
      signal: abort.signal,
      context: body.context,
    });
    if (isAsyncIterable(output)) {
      if (acceptsEventStream(request)) {
        await streamServerSentEvents(output, { request, reply, status, abort, startedAt });
        return reply;
      }
      const chunks: unknown[] = [];
      for await (const chunk of output) chunks.push(chunk);
      return { output: chunks, request_id: request.id, duration_ms: elapsedMs(startedAt) };
    }
    return { output: output ?? null, request_id: request.id, duration_ms: elapsedMs(startedAt) };
  });
}

function parseInvokeBody(body: unknown): InvokeBody {
  if (body === undefined || body === null) return {};
  if (typeof body !== 'object' || Array.isArray(body)) {
    const got = Array.isArray(body) ? 'an array' : typeof body;
    throw new RuntimeError(
      'PAR_ERR_REST_BAD_REQUEST',
      `expected a JSON object { input, context? }, got ${got}`
    );
  }
  const { input, context } = body as Record<string, unknown>;
  if (
    context !== undefined &&
    (typeof context !== 'object' || context === null || Array.isArray(context))
  ) {
    throw new RuntimeError('PAR_ERR_REST_BAD_REQUEST', 'expected context to be a JSON object');
  }
  return { input, context: context as Record<string, unknown> | undefined };
}
