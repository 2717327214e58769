/**
 * `AgentService/Invoke`: calls a named action and answers one ActionResult. Failures of the
 * action travel in the message (`success = false`, `error`, `error_code`) with status OK, as
 * the Python PAR did; only a call that cannot be answered at all ends with another status.
 */
import type { handleUnaryCall, ServerUnaryCall, sendUnaryData } from '@grpc/grpc-js';
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
import type { ActionRequest, ActionResult } from './messages.js';
import { toGrpcStatus } from './status-mapping.js';

export interface InvokeOptions {
  readonly agent: Agent;
  readonly tracker: CallTracker;
  readonly maxMessageBytes: number;
  /** Encodes an ActionResult, to check its size before it is sent. */
  readonly serialize: (value: unknown) => Buffer;
}

export function createInvokeHandler(
  options: InvokeOptions
): handleUnaryCall<ActionRequest, ActionResult> {
  return (call, callback) => {
    answerInvoke(call, callback, options).catch((error: unknown) => {
      // Only a fault of ours gets here; the action's own failures are answered in the message.
      options.tracker.logger.error({ err: error }, 'call handler failed');
      callback(toGrpcStatus(error));
    });
  };
}

async function answerInvoke(
  call: ServerUnaryCall<ActionRequest, ActionResult>,
  callback: sendUnaryData<ActionResult>,
  options: InvokeOptions
): Promise<void> {
  const action = beginActionCall(call, options.tracker);
  const result = await runAction(action, options.agent);
  action.settle();
  // Cancelled or past its deadline: grpc-js has already ended the call.
  if (call.cancelled) return;

  try {
    checkMessageSize(result, options.serialize, options.maxMessageBytes);
  } catch (error) {
    callback(toGrpcStatus(error));
    return;
  }
  callback(null, result);
}

/** The action's outcome as an ActionResult; a stream is gathered into one JSON array. */
async function runAction(action: ActionCall, agent: Agent): Promise<ActionResult> {
  const { request, record } = action;
  try {
    const output = await agent.runAction(request.action, request.parameters, action.callOptions);
    let value = output;
    if (isAsyncIterable(output)) {
      const items: unknown[] = [];
      await forEachUntilAborted(output, action.signal, (item) => void items.push(item));
      value = items;
    }
    const text = toJsonText(value);
    record.fields.success = true;
    return resultOf(action, { success: true, result: text });
  } catch (error) {
    const failure = describeFailure(error, action, agent);
    return resultOf(action, { success: false, ...failure });
  }
}

function resultOf(action: ActionCall, fields: Partial<ActionResult>): ActionResult {
  return {
    success: false,
    result: '',
    error: '',
    error_code: '',
    ...fields,
    request_id: action.record.requestId,
    duration_ms: action.elapsedMs(),
  };
}
