import type { FastifyReply, FastifyRequest } from 'fastify';
import { toHandlerError } from '../../agent/index.js';
import type { RuntimeStatus } from '../runtime-status.js';
import { toHttpError } from './error-mapping.js';
import { requestIdHeader } from './request-id.js';

export interface SseOptions {
  request: FastifyRequest;
  reply: FastifyReply;
  status: RuntimeStatus;
  /** Aborted here when the client leaves or the runtime drains; the handler watches it. */
  abort: AbortController;
  startedAt: number;
}

/**
 * Streams an async iterable as server-sent events: one `chunk` event per item, then `done`;
 * `error` if the iteration throws. The stream ends early when the client goes away or the
 * runtime starts draining, so a long stream never holds a shutdown for its whole grace period.
 */
export async function streamServerSentEvents(
  source: AsyncIterable<unknown>,
  options: SseOptions
): Promise<void> {
  const { request, reply, status, abort } = options;
  reply.hijack();
  const response = reply.raw;
  response.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache, no-transform',
    connection: 'keep-alive',
    'x-accel-buffering': 'no',
    [requestIdHeader]: request.id,
  });

  const onClose = () => abort.abort(new Error('client closed the stream'));
  response.once('close', onClose);
  const stopListening = status.onStateChange((state) => {
    if (state === 'DRAINING') abort.abort(new Error('runtime draining'));
  });
  // A stream opened during the drain delay ends at once too, or it would hold the drain.
  if (status.state === 'DRAINING') abort.abort(new Error('runtime draining'));

  const iterator = source[Symbol.asyncIterator]();
  const ended = new Promise<IteratorResult<unknown>>((resolve) => {
    const end = () => resolve({ done: true, value: undefined });
    if (abort.signal.aborted) end();
    else abort.signal.addEventListener('abort', end, { once: true });
  });
  let sequence = 0;
  try {
    for (;;) {
      const next = await Promise.race([iterator.next(), ended]);
      if (next.done) break;
      sequence += 1;
      response.write(formatEvent('chunk', next.value, sequence));
    }
    const reason = abort.signal.aborted ? 'aborted' : 'complete';
    const done = { request_id: request.id, duration_ms: elapsedMs(options.startedAt), reason };
    if (!response.destroyed) response.write(formatEvent('done', done, sequence + 1));
  } catch (error) {
    const mapped = toHttpError(toHandlerError(error, abort.signal));
    request.log.error({ err: error }, 'agent stream failed');
    const body = { code: mapped.code, message: mapped.message, request_id: request.id };
    if (!response.destroyed) response.write(formatEvent('error', body, sequence + 1));
  } finally {
    stopListening();
    response.off('close', onClose);
    if (abort.signal.aborted) void iterator.return?.().catch(() => undefined);
    response.end();
  }
}

function formatEvent(event: string, data: unknown, id: number): string {
  return `id: ${id}\nevent: ${event}\ndata: ${JSON.stringify(data ?? null)}\n\n`;
}

export function elapsedMs(startedAt: number): number {
  return Math.round((performance.now() - startedAt) * 1000) / 1000;
}

export function acceptsEventStream(request: FastifyRequest): boolean {
  return (request.headers.accept ?? '').includes('text/event-stream');
}
