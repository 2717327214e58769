/**
 * The official A2A client against a real `par run` child process, over JSON-RPC and over gRPC:
 * it resolves the card, sends messages and gets completed tasks, streams every update in order,
 * gets, lists and cancels tasks; a cancel aborts the agent's handler, which the agent logs.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { TaskState, type StreamResponse, type Task } from '@a2a-js/sdk';
import type { Client } from '@a2a-js/sdk/client';
import { TaskNotFoundError } from '@a2a-js/sdk/errors';
import {
  a2aClient,
  dataPart,
  sendRequest,
  textPart,
  userMessage,
  type Binding,
} from '../../helpers/a2a-client.js';
import { startPar, type StartedPar } from '../../helpers/par-process.js';
import { fixturesDir } from '../../helpers/paths.js';

const a2aAgent = path.join(fixturesDir, 'a2a-agent');

function isTask(value: unknown): value is Task {
  return typeof value === 'object' && value !== null && 'status' in value && 'id' in value;
}

/** A stream event as `kind: detail`, for comparing whole sequences. */
function describeEvent(event: StreamResponse): string {
  const payload = event.payload;
  if (payload === undefined) return 'empty';
  switch (payload.$case) {
    case 'task':
      return `task: ${TaskState[payload.value.status?.state ?? 0]}`;
    case 'statusUpdate':
      return `status: ${TaskState[payload.value.status?.state ?? 0]}`;
    case 'artifactUpdate': {
      const content = payload.value.artifact?.parts[0]?.content;
      const text = content?.$case === 'text' ? content.value : JSON.stringify(content?.value);
      return `artifact: ${text}`;
    }
    case 'message':
      return 'message';
  }
}

describe('A2A through the official client', () => {
  let started: StartedPar;

  before(async () => {
    started = await startPar(a2aAgent, { GRACEFUL_SHUTDOWN_TIMEOUT_SEC: '5' });
  });
  after(async () => {
    await started.par.stop('SIGKILL');
  });

  for (const binding of ['JSONRPC', 'GRPC'] as const satisfies readonly Binding[]) {
    describe(`over ${binding}`, () => {
      let client: Client;
      before(async () => {
        client = await a2aClient(started.baseUrl, binding);
      });

      it('resolves the card and dials the URL it lists for the binding', async () => {
        const card = await client.getAgentCard();
        assert.equal(card.name, 'A2A Agent');
        assert.equal(card.version, '3.1.4');
        assert.equal(client.protocolVersion, '1.0');
        const expected =
          binding === 'GRPC' ? `127.0.0.1:${started.a2aPort}` : `${started.baseUrl}/a2a/jsonrpc`;
        const listed = card.supportedInterfaces.find(
          (entry) => entry.protocolBinding === binding && entry.protocolVersion === '1.0'
        );
        assert.equal(listed?.url, expected);
        assert.match(client.transport.constructor.name, binding === 'GRPC' ? /Grpc/ : /JsonRpc/);
      });

      it('sends a text message and gets a completed task with the output as artifact', async () => {
        const result = await client.sendMessage(sendRequest(userMessage([textPart('hi')])));
        assert.ok(isTask(result), 'expected a task');
        assert.equal(result.status?.state, TaskState.TASK_STATE_COMPLETED);
        const content = result.artifacts[0]?.parts[0]?.content;
        assert.deepEqual(content, { $case: 'text', value: 'echo: hi' });
      });

      it('passes a data part as the input and returns a JSON result as a data part', async () => {
        const result = await client.sendMessage(
          sendRequest(userMessage([dataPart({ question: 42 })]))
        );
        assert.ok(isTask(result));
        const content = result.artifacts[0]?.parts[0]?.content;
        assert.equal(content?.$case, 'data');
        const value = content.value as { received: unknown; context: { taskId: string } };
        assert.deepEqual(value.received, { question: 42 });
        assert.equal(value.context.taskId, result.id);
      });

      it('runs the action named in the message metadata', async () => {
        const result = await client.sendMessage(
          sendRequest(userMessage([dataPart({ name: 'Ada' })], { action: 'greet' }))
        );
        assert.ok(isTask(result));
        const content = result.artifacts[0]?.parts[0]?.content;
        assert.deepEqual(content?.value, { greeting: 'hello, Ada' });
      });

      it('runs an action named by skill id, and fails the task of an unknown one', async () => {
        const bySkill = await client.sendMessage(
          sendRequest(userMessage([dataPart({ name: 'Bo' })], { skill: 'action:greet' }))
        );
        assert.ok(isTask(bySkill));
        assert.deepEqual(bySkill.artifacts[0]?.parts[0]?.content?.value, { greeting: 'hello, Bo' });

        const unknown = await client.sendMessage(
          sendRequest(userMessage([textPart('x')], { action: 'nope' }))
        );
        assert.ok(isTask(unknown));
        assert.equal(unknown.status?.state, TaskState.TASK_STATE_FAILED);
        const text = unknown.status?.message?.parts[0]?.content?.value as string;
        assert.match(text, /^PAR_ERR_AGENT_ACTION_UNKNOWN: .*\[greet\]/);
      });

      it('turns a throw into a failed task that names the code, not the cause', async () => {
        const result = await client.sendMessage(
          sendRequest(userMessage([dataPart({ mode: 'fail' })]))
        );
        assert.ok(isTask(result));
        assert.equal(result.status?.state, TaskState.TASK_STATE_FAILED);
        const text = result.status?.message?.parts[0]?.content;
        assert.equal(text?.$case, 'text');
        assert.match(String(text.value), /^PAR_ERR_AGENT_HANDLER_FAILED: /);
        assert.doesNotMatch(String(text.value), /on purpose/);
      });

      it('streams every update of a streaming task, in order', async () => {
        const events: string[] = [];
        let taskId = '';
        const request = sendRequest(userMessage([dataPart({ chunks: 3, delay_ms: 20 })]));
        for await (const event of client.sendMessageStream(request)) {
          events.push(describeEvent(event));
          if (event.payload?.$case === 'task') taskId = event.payload.value.id;
        }
        assert.deepEqual(events, [
          'task: TASK_STATE_SUBMITTED',
          'status: TASK_STATE_WORKING',
          'artifact: chunk-1',
          'artifact: chunk-2',
          'artifact: chunk-3',
          'status: TASK_STATE_COMPLETED',
        ]);

        const task = await client.getTask({ tenant: '', id: taskId, historyLength: undefined });
        assert.equal(task.status?.state, TaskState.TASK_STATE_COMPLETED);
        assert.deepEqual(
          task.artifacts[0]?.parts.map((part) => part.content?.value as unknown),
          ['chunk-1', 'chunk-2', 'chunk-3']
        );
        const listed = await client.listTasks({
          tenant: '',
          contextId: '',
          status: TaskState.TASK_STATE_COMPLETED,
          pageSize: 100,
          pageToken: '',
          historyLength: undefined,
          statusTimestampAfter: undefined,
          includeArtifacts: false,
        });
        assert.ok(listed.tasks.some((listedTask) => listedTask.id === taskId));
      });

      it('subscribes to a running task: the current task first, then the rest', async () => {
        const request = sendRequest(userMessage([dataPart({ chunks: 4, delay_ms: 150 })]));
        let taskId = '';
        for await (const event of client.sendMessageStream(request)) {
          if (event.payload?.$case === 'task') taskId = event.payload.value.id;
          break;
        }
        assert.notEqual(taskId, '');

        const events: string[] = [];
        for await (const event of client.resubscribeTask({ tenant: '', id: taskId })) {
          events.push(describeEvent(event));
        }
        assert.match(events[0] ?? '', /^task: /);
        assert.equal(events.at(-1), 'status: TASK_STATE_COMPLETED');
        assert.ok(events.includes('artifact: chunk-4'), events.join(', '));
      });

      it('cancels a slow streaming task, which aborts the agent handler', async () => {
        const request = sendRequest(userMessage([dataPart({ mode: 'forever' })]));
        const stream = client.sendMessageStream(request);
        const seen: string[] = [];
        let taskId = '';
        for await (const event of stream) {
          seen.push(describeEvent(event));
          if (event.payload?.$case === 'task') taskId = event.payload.value.id;
          if (event.payload?.$case === 'artifactUpdate' && seen.length >= 4) break;
        }
        assert.notEqual(taskId, '');

        const cancelled = await client.cancelTask({ tenant: '', id: taskId, metadata: undefined });
        assert.equal(cancelled.status?.state, TaskState.TASK_STATE_CANCELED);
        const closed = await started.par.waitForRecord(
          (record) => record.msg === 'fixture stream closed' && record.requestId === taskId
        );
        assert.equal(closed.aborted, true);
        assert.equal(closed.code, 'PAR_ERR_AGENT_ABORTED');
        const task = await client.getTask({ tenant: '', id: taskId, historyLength: undefined });
        assert.equal(task.status?.state, TaskState.TASK_STATE_CANCELED);
      });

      it('answers an unknown task with TaskNotFoundError', async () => {
        await assert.rejects(
          client.getTask({ tenant: '', id: 'no-such-task', historyLength: undefined }),
          (error: unknown) => error instanceof TaskNotFoundError
        );
      });
    });
  }
});
