/**
 * Streams that end when the runtime drains. A task stream may last as long as the agent works;
 * left alone it would hold the drain for its whole grace period. Wrapping the request handler
 * ends every stream (JSON-RPC over SSE and gRPC alike) once the drain begins; the tasks
 * themselves run on until the agent's shutdown signal stops them.
 */
import type { StreamResponse } from '@a2a-js/sdk';
import type { A2ARequestHandler, ServerCallContext } from '@a2a-js/sdk/server';

/**
 * Yields what `source` yields until it ends or `signal` aborts, whichever comes first; then
 * closes `source`, so the SDK stops listening to the task's events.
 */
export async function* untilAborted<T>(
  source: AsyncGenerator<T, void, undefined>,
  signal: AbortSignal
): AsyncGenerator<T, void, undefined> {
  let stop: () => void = () => undefined;
  const aborted = new Promise<IteratorResult<T, void>>((resolve) => {
    stop = () => resolve({ done: true, value: undefined });
    if (signal.aborted) stop();
    else signal.addEventListener('abort', stop, { once: true });
  });
  try {
    for (;;) {
      const next = await Promise.race([source.next(), aborted]);
      if (next.done === true) return;
      yield next.value;
    }
  } finally {
    signal.removeEventListener('abort', stop);
    // Not awaited: a source waiting for its next event settles once that event comes.
    void source.return(undefined).catch(() => undefined);
  }
}

/** The SDK's request handler with its two streaming methods ending at `drain`. */
export function endStreamsOnDrain(
  handler: A2ARequestHandler,
  drain: AbortSignal
): A2ARequestHandler {
  return {
    getAgentCard: () => handler.getAgentCard(),
    getAuthenticatedExtendedAgentCard: (params, context) =>
      handler.getAuthenticatedExtendedAgentCard(params, context),
    sendMessage: (params, context) => handler.sendMessage(params, context),
    sendMessageStream: (params, context: ServerCallContext) =>
      untilAborted<StreamResponse>(handler.sendMessageStream(params, context), drain),
    getTask: (params, context) => handler.getTask(params, context),
    listTasks: (params, context) => handler.listTasks(params, context),
    cancelTask: (params, context) => handler.cancelTask(params, context),
    createTaskPushNotificationConfig: (params, context) =>
      handler.createTaskPushNotificationConfig(params, context),
    getTaskPushNotificationConfig: (params, context) =>
      handler.getTaskPushNotificationConfig(params, context),
    listTaskPushNotificationConfigs: (params, context) =>
      handler.listTaskPushNotificationConfigs(params, context),
    deleteTaskPushNotificationConfig: (params, context) =>
      handler.deleteTaskPushNotificationConfig(params, context),
    resubscribe: (params, context) =>
      untilAborted<StreamResponse>(handler.resubscribe(params, context), drain),
  };
}
