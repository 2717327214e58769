/**
 * The default A2A executor: one message is one call of the agent's `invoke` (or of the action
 * its metadata names). A value becomes the task's artifact, an async iterable streamed
 * artifact updates, a throw a failed task; cancelling aborts the handler's signal.
 */
import { Role, TaskState, type Message, type Part, type Task } from '@a2a-js/sdk';
import {
  AgentEvent,
  type AgentExecutionEvent,
  type AgentExecutor,
  type ExecutionEventBus,
  type RequestContext,
} from '@a2a-js/sdk/server';
import { isAsyncIterable, type Agent } from '../../agent/index.js';
import { RuntimeError } from '../../errors/index.js';
import type { Logger } from '../../telemetry/index.js';
import { taskFailureOf } from './error-mapping.js';
import { actionParamsOf, inputOf, partsOf, textPart } from './message-parts.js';

/** The one artifact a task's output goes into; streamed chunks are appended to it. */
const outputArtifactId = 'output';

/** One task being executed: its ids, its bus, its abort, and whether it was cancelled. */
interface Run {
  readonly taskId: string;
  readonly contextId: string;
  readonly bus: ExecutionEventBus;
  readonly abort: AbortController;
  cancelled: boolean;
}

/** The default executor: every message is one call of the agent; see the module header. */
export class InvokeExecutor implements AgentExecutor {
  private readonly runs = new Map<string, Run>();

  constructor(
    private readonly agent: Agent,
    private readonly logger: Logger
  ) {}

  execute = async (request: RequestContext, bus: ExecutionEventBus): Promise<void> => {
    const message = request.userMessage;
    const run: Run = {
      taskId: request.taskId,
      contextId: request.contextId,
      bus,
      abort: new AbortController(),
      cancelled: false,
    };
    this.runs.set(run.taskId, run);
    const logger = this.logger.child({ taskId: run.taskId, contextId: run.contextId });

    try {
      bus.publish(AgentEvent.task(request.task ?? newTask(run, message)));
      this.publishStatus(run, TaskState.TASK_STATE_WORKING);
      const output = await this.call(message, run, logger);
      await this.publishOutput(run, output);
      this.publishStatus(run, TaskState.TASK_STATE_COMPLETED);
    } catch (error) {
      if (run.cancelled) return;
      const failure = taskFailureOf(error);
      if (failure.serverFault) logger.error({ err: error, code: failure.code }, 'a2a task failed');
      else logger.info({ code: failure.code, reason: failure.message }, 'a2a task failed');
      this.publishStatus(run, TaskState.TASK_STATE_FAILED, agentMessage(run, failure));
    } finally {
      this.runs.delete(run.taskId);
    }
  };

  cancelTask = (taskId: string, bus: ExecutionEventBus): Promise<void> => {
    const run = this.runs.get(taskId);
    // The status goes out first, so the cancel answers CANCELED whatever the handler does next.
    // Without a run (its handler already returned) the SDK keeps the stored task's context.
    bus.publish(statusEvent(taskId, run?.contextId ?? '', TaskState.TASK_STATE_CANCELED));
    if (run !== undefined) {
      run.cancelled = true;
      run.abort.abort(new RuntimeError('PAR_ERR_AGENT_ABORTED', 'the A2A task was cancelled'));
    }
    return Promise.resolve();
  };

  private call(message: Message, run: Run, logger: Logger): Promise<unknown> {
    const call = {
      requestId: run.taskId,
      logger,
      signal: run.abort.signal,
      context: { taskId: run.taskId, contextId: run.contextId, metadata: message.metadata ?? {} },
    };
    const action = this.actionNamed(message);
    if (action !== undefined) return this.agent.runAction(action, actionParamsOf(message), call);
    return this.agent.invoke(inputOf(message), call);
  }

  /**
   * The action a message asks for: `metadata.action` always names one (an unknown name fails
   * the task); `metadata.skill` does when it is an action's skill id (`action:greet`) or name,
   * as the Python PAR's later A2A format used it, and otherwise leaves the message to invoke.
   */
  private actionNamed(message: Message): string | undefined {
    const { action, skill } = (message.metadata ?? {}) as Record<string, unknown>;
    if (typeof action === 'string' && action !== '') return action;
    if (typeof skill !== 'string') return undefined;
    const name = skill.startsWith('action:') ? skill.slice('action:'.length) : skill;
    return this.agent.actionNames().includes(name) ? name : undefined;
  }

  private async publishOutput(run: Run, output: unknown): Promise<void> {
    if (!isAsyncIterable(output)) {
      this.publishArtifact(run, partsOf(output), { append: false, lastChunk: true });
      return;
    }
    let first = true;
    for await (const chunk of output) {
      if (run.cancelled) return;
      this.publishArtifact(run, partsOf(chunk), { append: !first, lastChunk: false });
      first = false;
    }
  }

  private publishArtifact(run: Run, parts: Part[], chunk: { append: boolean; lastChunk: boolean }) {
    if (run.cancelled || parts.length === 0) return;
    run.bus.publish(
      AgentEvent.artifactUpdate({
        taskId: run.taskId,
        contextId: run.contextId,
        artifact: {
          artifactId: outputArtifactId,
          name: 'output',
          description: '',
          parts,
          metadata: undefined,
          extensions: [],
        },
        ...chunk,
        metadata: undefined,
      })
    );
  }

  private publishStatus(run: Run, state: TaskState, message?: Message): void {
    if (!run.cancelled) run.bus.publish(statusEvent(run.taskId, run.contextId, state, message));
  }
}

function statusEvent(
  taskId: string,
  contextId: string,
  state: TaskState,
  message?: Message
): AgentExecutionEvent {
  return AgentEvent.statusUpdate({
    taskId,
    contextId,
    status: { state, message, timestamp: new Date().toISOString() },
    metadata: undefined,
  });
}

function newTask(run: Run, message: Message): Task {
  return {
    id: run.taskId,
    contextId: run.contextId,
    status: {
      state: TaskState.TASK_STATE_SUBMITTED,
      message: undefined,
      timestamp: new Date().toISOString(),
    },
    artifacts: [],
    history: [message],
    metadata: undefined,
  };
}

/** The agent's explanation of a failure, as the failed status carries it. */
function agentMessage(run: Run, failure: { code: string; message: string }): Message {
  return {
    messageId: crypto.randomUUID(),
    contextId: run.contextId,
    taskId: run.taskId,
    role: Role.ROLE_AGENT,
    parts: [textPart(`${failure.code}: ${failure.message}`)],
    metadata: { code: failure.code },
    extensions: [],
    referenceTaskIds: [],
  };
}
