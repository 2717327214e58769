/**
 * `AgentService/InvokeStream` (added by PAR): calls a named action, as `Invoke` does, and
 * streams its answer. An action that returns an async iterable sends one ActionChunk per item
 * it yields; one that returns a plain value sends it as a single chunk. A final chunk with
 * `done = true` tells how it ended, failures included, and the call then ends with status OK.
 * A client that cancels, or whose deadline passes, aborts the action's signal and closes its
 * iterator; nothing more is sent.
 */
import type { handleServerStreamingCall, ServerWritableStream } from '@grpc/grpc-js';
import { isAsyncIterable, type Agent } from '../../agent/index.js';
import {
  beginActionCall,
  checkMessageSize,
  describeFailure,
  forEachUntilAborted,
  toJsonText,
  type ActionCall,
} from './action-call.js';
import type { CallTracker } from './call-tracker.js';
import type { ActionChunk, ActionRequest } from './messages.js';
import { toGrpcStatus } from './status-mapping.js';

export interface InvokeStreamOptions {
  readonly agent: Agent;
  readonly tracker: CallTracker;
  readonly maxMessageBytes: number;
  /** Encodes an ActionChunk, to check its size before it is sent. */
  readonly serialize: (value: unknown) => Buffer;
}

type ChunkStream = ServerWritableStream<ActionRequest, ActionChunk>;

export function createInvokeStreamHandler(
  options: InvokeStreamOptions
): handleServerStreamingCall<ActionRequest, ActionChunk> {
  return (call) => {
    streamAction(call, options).catch((error: unknown) => {
      // Only a fault of ours gets here; the action's own failures go in the final chunk.
      options.tracker.logger.error({ err: error }, 'call handler failed');
      call.emit('error', toGrpcStatus(error));
    });
  };
}

async function streamAction(call: ChunkStream, options: InvokeStreamOptions): Promise<void> {
  const { agent } = options;
  const action = beginActionCall(call, options.tracker);
  const { request, record } = action;
  let sequence = 0;
  const send = async (fields: Partial<ActionChunk>) => {
    sequence += 1;
    const chunk = chunkOf(action, sequence, fields);
    checkMessageSize(chunk, options.serialize, options.maxMessageBytes);
    await write(call, chunk, action.signal);
  };

  let final: Partial<ActionChunk>;
  try {
    const output = await agent.runAction(request.action, request.parameters, action.callOptions);
    if (isAsyncIterable(output)) {
      await forEachUntilAborted(output, action.signal, (item) => send({ data: toJsonText(item) }));
    } else {
      await send({ data: toJsonText(output) });
    }
    record.fields.success = true;
    final = { success: true };
  } catch (error) {
    if (call.cancelled) {
      // The client is gone or its deadline passed; grpc-js has already ended the call.
      action.settle();
      return;
    }
    if (isTooLarge(error)) {
      action.settle();
      call.emit('error', toGrpcStatus(error));
      return;
    }
    final = { success: false, ...describeFailure(error, action, agent) };
  }

  record.fields.chunks = sequence;
  action.settle();
  if (call.cancelled) return;
  try {
    await send({ ...final, done: true, duration_ms: action.elapsedMs() });
    call.end();
  } catch (error) {
    call.emit('error', toGrpcStatus(error));
  }
}

function chunkOf(action: ActionCall, sequence: number, fields: Partial<ActionChunk>): ActionChunk {
  return {
    data: '',
    done: false,
    success: false,
    error: '',
    error_code: '',
    duration_ms: 0,
    ...fields,
    request_id: action.record.requestId,
    sequence,
  };
}

/** Writes one chunk, waiting for the client to take it when the stream is full. */
async function write(call: ChunkStream, chunk: ActionChunk, signal: AbortSignal): Promise<void> {
  if (call.write(chunk)) return;
  await new Promise<void>((resolve) => {
    const done = () => {
      call.off('drain', done);
      signal.removeEventListener('abort', done);
      resolve();
    };
    call.once('drain', done);
    signal.addEventListener('abort', done, { once: true });
  });
}

function isTooLarge(error: unknown): boolean {
  return (error as { code?: unknown }).code === 'PAR_ERR_GRPC_MESSAGE_TOO_LARGE';
}
