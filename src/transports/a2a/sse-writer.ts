/**
 * Writes JSON-RPC stream answers as server-sent events (A2A §9.4.2: each `data:` is a whole
 * JSON-RPC response). The stream ends when the answers end, the client leaves or the runtime
 * drains, so an open stream never holds a shutdown for its whole grace period.
 */
import type { OutgoingHttpHeaders } from 'node:http';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { untilAborted } from './stream-drain.js';

export interface EventStreamOptions<T> {
  readonly request: FastifyRequest;
  readonly reply: FastifyReply;
  /** The first answer, already read (errors before it are answered without a stream). */
  readonly first: IteratorResult<T, void>;
  readonly rest: AsyncGenerator<T, void, undefined>;
  /** Aborts when the runtime drains. */
  readonly drain: AbortSignal;
  /** The error answer sent as an `error` event when the stream fails midway. */
  readonly errorEvent: (error: unknown) => unknown;
}

export async function writeEventStream<T>(options: EventStreamOptions<T>): Promise<void> {
  const { reply, first } = options;
  reply.hijack();
  const response = reply.raw;
  response.writeHead(200, {
    ...(reply.getHeaders() as OutgoingHttpHeaders),
    'content-type': 'text/event-stream',
    'cache-control': 'no-cache',
    connection: 'keep-alive',
    'x-accel-buffering': 'no',
  });

  const clientGone = new AbortController();
  const onClose = () => clientGone.abort();
  response.once('close', onClose);
  const stop = AbortSignal.any([clientGone.signal, options.drain]);
  try {
    if (first.done !== true) response.write(dataLine(first.value));
    for await (const answer of untilAborted(options.rest, stop)) response.write(dataLine(answer));
  } catch (error) {
    if (!response.destroyed) response.write(`event: error\n${dataLine(options.errorEvent(error))}`);
  } finally {
    response.off('close', onClose);
    response.end();
  }
}

function dataLine(value: unknown): string {
  return `data: ${JSON.stringify(value)}\n\n`;
}
