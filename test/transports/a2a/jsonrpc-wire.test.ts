/**
 * The JSON-RPC binding on the wire, with plain fetch against `par run`: every bad input gets
 * the spec's error code and the HTTP status we document (never a crash), and a v0.3 client's
 * request (no A2A-Version header, v0.3 method names and shapes) is answered in v0.3 shapes.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startPar, type StartedPar } from '../../helpers/par-process.js';
import { fixturesDir } from '../../helpers/paths.js';

const a2aAgent = path.join(fixturesDir, 'a2a-agent');
const maxBodyBytes = 4096;

interface RpcAnswer {
  status: number;
  body: {
    jsonrpc: string;
    id: unknown;
    result?: Record<string, unknown>;
    error?: { code: number; message: string };
  };
}

describe('A2A JSON-RPC on the wire', () => {
  let started: StartedPar;
  let url: string;

  /** POSTs `body` (an object is sent as JSON) and parses the JSON answer. */
  async function post(
    body: unknown,
    headers: Record<string, string> = { 'a2a-version': '1.0' }
  ): Promise<RpcAnswer> {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as RpcAnswer['body'] };
  }

  function request(method: string, params: unknown = {}, id: unknown = 7) {
    return { jsonrpc: '2.0', id, method, params };
  }

  before(async () => {
    started = await startPar(a2aAgent, { MAX_REQUEST_BODY_BYTES: String(maxBodyBytes) });
    url = `${started.baseUrl}/a2a/jsonrpc`;
  });
  after(async () => {
    await started.par.stop('SIGKILL');
  });

  describe('bad input', () => {
    const cases: Array<{
      name: string;
      send: () => Promise<RpcAnswer>;
      code: number;
      status: number;
      id?: unknown;
    }> = [
      {
        name: 'malformed JSON',
        send: () => post('{"jsonrpc": "2.0", '),
        code: -32700,
        status: 200,
      },
      { name: 'an empty body', send: () => post(''), code: -32700, status: 200 },
      {
        name: 'a wrong jsonrpc version',
        send: () => post({ jsonrpc: '1.0', id: 3, method: 'GetTask' }),
        code: -32600,
        status: 200,
        id: 3,
      },
      {
        name: 'a missing method',
        send: () => post({ jsonrpc: '2.0', id: 'a' }),
        code: -32600,
        status: 200,
        id: 'a',
      },
      {
        name: 'params that are not an object',
        send: () => post({ jsonrpc: '2.0', id: 4, method: 'GetTask', params: 'x' }),
        code: -32600,
        status: 200,
        id: 4,
      },
      { name: 'a batch', send: () => post([request('GetTask')]), code: -32600, status: 200 },
      { name: 'a JSON string', send: () => post('"hello"'), code: -32600, status: 200 },
      {
        name: 'an unknown v1.0 method',
        send: () => post(request('DoSomething')),
        code: -32601,
        status: 200,
        id: 7,
      },
      {
        name: 'an unknown v0.3 method',
        send: () => post(request('tasks/explode'), {}),
        code: -32601,
        status: 200,
        id: 7,
      },
      {
        name: 'an unknown task',
        send: () => post(request('GetTask', { id: 'no-such-task' })),
        code: -32001,
        status: 200,
        id: 7,
      },
      {
        name: 'an unknown task in v0.3',
        send: () => post(request('tasks/get', { id: 'no-such-task' }), {}),
        code: -32001,
        status: 200,
        id: 7,
      },
      {
        name: 'an unsupported A2A-Version',
        send: () => post(request('GetTask', { id: 'x' }), { 'a2a-version': '2.0' }),
        code: -32009,
        status: 200,
        id: 7,
      },
      {
        name: 'invalid params (a send without a message)',
        send: () => post(request('SendMessage', {})),
        code: -32602,
        status: 200,
        id: 7,
      },
      {
        name: 'a wrong content type',
        send: () => post(request('GetTask', { id: 'x' }), { 'content-type': 'text/plain' }),
        code: -32005,
        status: 200,
      },
      {
        name: 'an oversized body',
        send: () => post(request('SendMessage', { padding: 'x'.repeat(maxBodyBytes) })),
        code: -32600,
        status: 413,
      },
    ];

    for (const { name, send, code, status, id = null } of cases) {
      it(`answers ${name} with ${code} and HTTP ${status}`, async () => {
        const answer = await send();
        assert.equal(answer.status, status);
        assert.equal(answer.body.jsonrpc, '2.0');
        assert.equal(answer.body.error?.code, code, JSON.stringify(answer.body));
        assert.equal(typeof answer.body.error?.message, 'string');
        assert.deepEqual(answer.body.id, id);
      });
    }

    it('refuses to cancel, continue or follow a finished task, and push configs', async () => {
      const sent = await post(
        request('SendMessage', {
          message: { messageId: 'wire-done', role: 'ROLE_USER', parts: [{ text: 'x' }] },
        })
      );
      const taskId = (sent.body.result as { task: { id: string } }).task.id;

      const cancel = await post(request('CancelTask', { id: taskId }));
      assert.equal(cancel.body.error?.code, -32002);
      const follow = await post(
        request('SendMessage', {
          message: { messageId: 'wire-more', taskId, role: 'ROLE_USER', parts: [{ text: 'y' }] },
        })
      );
      assert.equal(follow.body.error?.code, -32004);
      const subscribe = await post(request('SubscribeToTask', { id: taskId }));
      assert.equal(subscribe.body.error?.code, -32004);
      const push = await post(
        request('CreateTaskPushNotificationConfig', { taskId, url: 'https://example.com/hook' })
      );
      assert.equal(push.body.error?.code, -32003);
      for (const answer of [cancel, follow, subscribe, push]) assert.equal(answer.status, 200);
    });

    it('is still serving after all of them', async () => {
      const health = await fetch(`${started.baseUrl}/health`);
      assert.equal(health.status, 200);
      assert.equal(started.par.child.exitCode, null);
    });
  });

  describe('a v0.3 client (no A2A-Version header)', () => {
    const v03Message = (text: string) => ({
      kind: 'message',
      messageId: crypto.randomUUID(),
      role: 'user',
      parts: [{ kind: 'text', text }],
    });

    it('sends with message/send and gets a v0.3 task back', async () => {
      const answer = await post(request('message/send', { message: v03Message('old') }), {});
      assert.equal(answer.status, 200);
      const task = answer.body.result as {
        kind: string;
        id: string;
        status: { state: string };
        artifacts: Array<{ parts: Array<{ kind: string; text: string }> }>;
      };
      assert.equal(task.kind, 'task');
      assert.equal(task.status.state, 'completed');
      assert.deepEqual(task.artifacts[0]?.parts[0], { kind: 'text', text: 'echo: old' });

      const got = await post(request('tasks/get', { id: task.id }), {});
      assert.equal((got.body.result as { id: string }).id, task.id);
      assert.equal((got.body.result as { status: { state: string } }).status.state, 'completed');
    });

    it('streams with message/stream as v0.3 events ending in a final status', async () => {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
        body: JSON.stringify(
          request('message/stream', {
            message: { ...v03Message('x'), parts: [{ kind: 'data', data: { chunks: 2 } }] },
          })
        ),
      });
      assert.equal(response.status, 200);
      assert.match(response.headers.get('content-type') ?? '', /^text\/event-stream/);
      const events = (await response.text())
        .split('\n\n')
        .filter((block) => block.startsWith('data: '))
        .map(
          (block) => JSON.parse(block.slice(6)) as { id: number; result: Record<string, unknown> }
        );
      assert.ok(events.every((event) => event.id === 7));
      const kinds = events.map((event) => event.result.kind);
      assert.deepEqual(kinds, [
        'task',
        'status-update',
        'artifact-update',
        'artifact-update',
        'status-update',
      ]);
      const last = events.at(-1)?.result as { final: boolean; status: { state: string } };
      assert.equal(last.final, true);
      assert.equal(last.status.state, 'completed');
    });

    it('also accepts an explicit A2A-Version: 0.3', async () => {
      const answer = await post(request('message/send', { message: v03Message('x') }), {
        'a2a-version': '0.3',
      });
      assert.equal((answer.body.result as { kind: string }).kind, 'task');
    });
  });
});
