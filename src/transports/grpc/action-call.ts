/**
 * What `Invoke` and `InvokeStream` share: the request id, the AbortSignal that follows the
 * client (cancellation, deadline), JSON results, and turning a failure into the `error` and
 * `error_code` fields Pixell clients read. The two RPCs themselves live in their own files.
 */
import type { ServerUnaryCall, ServerWritableStream } from '@grpc/grpc-js';
import { toHandlerError, type Agent, type CallOptions } from '../../agent/index.js';
import {
  RuntimeError,
  errorCodeOf,
  errorMessageOf,
  isRuntimeError,
  type ErrorCode,
} from '../../errors/index.js';
import { redactUrlsInText } from '../../telemetry/index.js';
import type { CallRecord, CallTracker } from './call-tracker.js';
import { deadlineReached } from './deadline.js';
import type { ActionRequest } from './messages.js';
import { isSaneRequestId } from './request-id.js';

type ActionServerCall =
  ServerUnaryCall<ActionRequest, unknown> | ServerWritableStream<ActionRequest, unknown>;

/** One call of a named action, from its request to its answer. */
export interface ActionCall {
  readonly request: ActionRequest;
  readonly record: CallRecord;
  /** Aborts when the client cancels or the deadline passes; the handler's ctx.signal follows. */
  readonly signal: AbortSignal;
  readonly callOptions: CallOptions;
  /** Whole milliseconds since the call began, for `duration_ms`. */
  elapsedMs(): number;
  /** Stops following the client: call once the answer is ready. */
  settle(): void;
}

/**
 * Starts an action call: the request id is the caller's `request_id` when sane, else the one
 * the call tracker settled (x-request-id metadata, or generated).
 */
export function beginActionCall(call: ActionServerCall, tracker: CallTracker): ActionCall {
  const startedAt = performance.now();
  const request = call.request;
  const record = tracker.recordFor(call.metadata);
  if (isSaneRequestId(request.request_id)) record.useRequestId(request.request_id);
  record.fields.action = request.action;

  const abort = new AbortController();
  let settled = false;
  // grpc-js emits 'cancelled' at the end of every call, answered or not; only an unanswered
  // one means the client is gone or its deadline passed.
  const onCancelled = () => {
    if (!settled) abort.abort(cancellationReason(call, tracker));
  };
  call.once('cancelled', onCancelled);

  return {
    request,
    record,
    signal: abort.signal,
    callOptions: { requestId: record.requestId, logger: record.logger, signal: abort.signal },
    elapsedMs: () => Math.round(performance.now() - startedAt),
    settle: () => {
      settled = true;
      call.off('cancelled', onCancelled);
    },
  };
}

function cancellationReason(call: ActionServerCall, tracker: CallTracker): RuntimeError {
  if (tracker.cutting) {
    return new RuntimeError(
      'PAR_ERR_AGENT_ABORTED',
      'the runtime cut the call: it was still running when the shutdown grace period ended'
    );
  }
  if (deadlineReached(call.getDeadline())) {
    return new RuntimeError(
      'PAR_ERR_GRPC_DEADLINE_EXCEEDED',
      "expected the call to end before the caller's deadline, but the deadline passed"
    );
  }
  return new RuntimeError('PAR_ERR_AGENT_ABORTED', 'the client cancelled the call');
}

/** A handler's value as JSON text; `undefined` becomes `null`. */
export function toJsonText(value: unknown): string {
  try {
    return JSON.stringify(value) ?? 'null';
  } catch (error) {
    throw new RuntimeError(
      'PAR_ERR_GRPC_RESULT_NOT_JSON',
      `expected the action to return a JSON-serialisable value, got one that JSON.stringify ` +
        `refused: ${errorMessageOf(error)}`,
      { cause: error }
    );
  }
}

/** How a failed action call is told to the caller. */
export interface Failure {
  readonly error: string;
  readonly error_code: ErrorCode;
}

/**
 * The text and code of a failure. A handler's own error text is passed on (URLs stripped of
 * credentials), as the Python PAR passed `str(exc)`; the stack stays in the log. An unknown
 * action keeps the Python PAR's wording, which clients may match, and lists the actions.
 */
export function describeFailure(error: unknown, call: ActionCall, agent: Agent): Failure {
  const code = errorCodeOf(error);
  const { record } = call;
  record.fields.success = false;
  record.fields.errorCode = code;

  if (code === 'PAR_ERR_AGENT_ACTION_UNKNOWN') {
    const known = agent.actionNames().join(', ');
    const text = `No handler found for action: ${call.request.action} (expected one of: ${known})`;
    return { error: text, error_code: code };
  }
  if (code === 'PAR_ERR_AGENT_HANDLER_FAILED') {
    const cause = (error as Error).cause;
    record.logger.error({ err: cause ?? error, code }, 'action failed');
    return { error: redactUrlsInText(errorMessageOf(cause ?? error)), error_code: code };
  }
  if (!isRuntimeError(error) || code === 'PAR_ERR_INTERNAL') {
    record.logger.error({ err: error, code: 'PAR_ERR_INTERNAL' }, 'action failed');
    return { error: 'Internal error', error_code: 'PAR_ERR_INTERNAL' };
  }
  if (code === 'PAR_ERR_GRPC_RESULT_NOT_JSON') {
    record.logger.error({ err: error, code }, 'action failed');
  }
  return { error: redactUrlsInText(errorMessageOf(error)), error_code: code };
}

/**
 * Runs `onItem` for each item of `source` until it ends or `signal` aborts, then throws the
 * abort reason if it did. An iteration cut short (aborted, or `onItem` threw) is closed with
 * `return()`, so the agent's generator runs its `finally` blocks even when it never looks at
 * its signal.
 */
export async function forEachUntilAborted(
  source: AsyncIterable<unknown>,
  signal: AbortSignal,
  onItem: (item: unknown) => Promise<void> | void
): Promise<void> {
  const iterator = source[Symbol.asyncIterator]();
  const aborted = new Promise<IteratorResult<unknown>>((resolve) => {
    const stop = () => resolve({ done: true, value: undefined });
    if (signal.aborted) stop();
    else signal.addEventListener('abort', stop, { once: true });
  });
  let exhausted = false;
  try {
    for (;;) {
      // What the agent's iterator throws is the agent's failure, as a throwing handler is.
      const pulled = iterator.next().catch((error: unknown) => {
        throw toHandlerError(error, signal);
      });
      const next = await Promise.race([pulled, aborted]);
      if (signal.aborted) break;
      if (next.done) {
        exhausted = true;
        break;
      }
      await onItem(next.value);
    }
  } finally {
    // Aborted, or onItem threw: the source did not finish by itself, so close it.
    if (!exhausted) void iterator.return?.().catch(() => undefined);
  }
  if (signal.aborted) throw signal.reason;
}

/**
 * The size check the surface applies before sending: a message over GRPC_MAX_MESSAGE_BYTES
 * becomes PAR_ERR_GRPC_MESSAGE_TOO_LARGE (RESOURCE_EXHAUSTED) with a message that says by
 * how much, instead of grpc-js's own bare refusal.
 */
export function checkMessageSize(
  message: unknown,
  serialize: (value: unknown) => Buffer,
  maxMessageBytes: number
): void {
  const bytes = serialize(message).length;
  if (bytes > maxMessageBytes) {
    throw new RuntimeError(
      'PAR_ERR_GRPC_MESSAGE_TOO_LARGE',
      `expected a response of at most ${maxMessageBytes} bytes (GRPC_MAX_MESSAGE_BYTES), ` +
        `got ${bytes} bytes`,
      { details: { bytes, maxMessageBytes } }
    );
  }
}
