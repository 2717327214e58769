/**
 * The bounded task store on its own, with a clock the test moves: tasks expire a TTL after
 * their last update, the least recently updated go first past the limit, listing keeps the
 * SDK's filters and order, and tenants do not see each other's tasks.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { TaskState, type ListTasksRequest, type Task } from '@a2a-js/sdk';
import { ServerCallContext } from '@a2a-js/sdk/server';
import { BoundedTaskStore } from '../../../src/transports/a2a/index.js';

function task(
  id: string,
  state = TaskState.TASK_STATE_COMPLETED,
  at = '2026-12-04T08:00:00Z'
): Task {
  return {
    id,
    contextId: 'ctx',
    status: { state, message: undefined, timestamp: at },
    artifacts: [],
    history: [],
    metadata: undefined,
  };
}

const listAll: ListTasksRequest = {
  tenant: '',
  contextId: '',
  status: TaskState.TASK_STATE_UNSPECIFIED,
  pageSize: 100,
  pageToken: '',
  historyLength: undefined,
  statusTimestampAfter: undefined,
  includeArtifacts: false,
};

function storeWithClock(ttlMs: number, maxTasks: number) {
  let nowMs = 0;
  const store = new BoundedTaskStore({ ttlMs, maxTasks, now: () => nowMs });
  return { store, advance: (ms: number) => (nowMs += ms) };
}

describe('BoundedTaskStore', () => {
  const context = new ServerCallContext();

  it('forgets a task its TTL after the last update, not after the first', async () => {
    const { store, advance } = storeWithClock(1000, 10);
    await store.save(task('a'), context);
    advance(800);
    await store.save(task('a', TaskState.TASK_STATE_WORKING), context);
    advance(800);
    assert.equal((await store.load('a', context))?.status?.state, TaskState.TASK_STATE_WORKING);
    advance(200);
    assert.equal(await store.load('a', context), undefined);
    assert.equal(store.size, 0);
  });

  it('keeps at most maxTasks, forgetting the least recently updated', async () => {
    const { store, advance } = storeWithClock(60_000, 2);
    await store.save(task('a'), context);
    advance(1);
    await store.save(task('b'), context);
    advance(1);
    await store.save(task('a'), context);
    advance(1);
    await store.save(task('c'), context);
    assert.equal(store.size, 2);
    assert.equal(await store.load('b', context), undefined);
    assert.ok(await store.load('a', context));
    assert.ok(await store.load('c', context));
  });

  it('lists live tasks newest first with the filters of the SDK store', async () => {
    const { store, advance } = storeWithClock(1000, 10);
    await store.save(task('old', TaskState.TASK_STATE_FAILED, '2026-12-04T07:00:00Z'), context);
    await store.save(task('new', TaskState.TASK_STATE_COMPLETED, '2026-12-04T09:00:00Z'), context);
    const listed = await store.list(listAll, context);
    assert.deepEqual(
      listed.tasks.map((entry) => entry.id),
      ['new', 'old']
    );
    const failed = await store.list({ ...listAll, status: TaskState.TASK_STATE_FAILED }, context);
    assert.deepEqual(
      failed.tasks.map((entry) => entry.id),
      ['old']
    );
    advance(1000);
    assert.equal((await store.list(listAll, context)).tasks.length, 0);
  });

  it('keeps tenants apart', async () => {
    const { store } = storeWithClock(1000, 10);
    const tenantA = new ServerCallContext({ tenant: 'a' });
    const tenantB = new ServerCallContext({ tenant: 'b' });
    await store.save(task('shared-id'), tenantA);
    assert.ok(await store.load('shared-id', tenantA));
    assert.equal(await store.load('shared-id', tenantB), undefined);
    assert.equal((await store.list(listAll, tenantB)).tasks.length, 0);
  });

  it('hands out copies, so callers cannot change what is stored', async () => {
    const { store } = storeWithClock(1000, 10);
    const original = task('a');
    await store.save(original, context);
    original.contextId = 'changed';
    const loaded = await store.load('a', context);
    assert.ok(loaded);
    assert.equal(loaded.contextId, 'ctx');
    loaded.contextId = 'changed again';
    assert.equal((await store.load('a', context))?.contextId, 'ctx');
  });
});
