/**
 * The A2A task store: in memory, bounded in count and in age, lost on restart. Listing is left
 * to the SDK's own InMemoryTaskStore (filters, order, page tokens) over the live tasks, so this
 * file owns only what the SDK's store lacks: forgetting.
 */
import type { ListTasksRequest, ListTasksResponse, Task } from '@a2a-js/sdk';
import {
  InMemoryTaskStore,
  resolveUserScope,
  type ServerCallContext,
  type TaskStore,
} from '@a2a-js/sdk/server';

export interface BoundedTaskStoreOptions {
  /** A task is forgotten this long after its last update. */
  readonly ttlMs: number;
  /** Tasks kept at most; past it the least recently updated one is forgotten. */
  readonly maxTasks: number;
  /** The clock, in milliseconds. @default Date.now */
  readonly now?: () => number;
}

interface Entry {
  readonly task: Task;
  readonly context: ServerCallContext;
  readonly scope: string;
  readonly expiresAt: number;
}

/** A `TaskStore` that forgets tasks past their time-to-live or beyond the count limit. */
export class BoundedTaskStore implements TaskStore {
  /** In update order: the first entry is the least recently updated. */
  private readonly entries = new Map<string, Entry>();
  private readonly now: () => number;

  constructor(private readonly options: BoundedTaskStoreOptions) {
    this.now = options.now ?? Date.now;
  }

  /** Tasks held right now (expired ones included until the next sweep). */
  get size(): number {
    return this.entries.size;
  }

  save(task: Task, context: ServerCallContext): Promise<void> {
    const scope = scopeOf(context);
    const key = keyOf(scope, task.id);
    this.entries.delete(key);
    this.entries.set(key, {
      task: structuredClone(task),
      context,
      scope,
      expiresAt: this.now() + this.options.ttlMs,
    });
    this.sweep();
    return Promise.resolve();
  }

  load(taskId: string, context: ServerCallContext): Promise<Task | undefined> {
    this.sweep();
    const entry = this.entries.get(keyOf(scopeOf(context), taskId));
    return Promise.resolve(entry === undefined ? undefined : structuredClone(entry.task));
  }

  async list(params: ListTasksRequest, context: ServerCallContext): Promise<ListTasksResponse> {
    this.sweep();
    const scope = scopeOf(context);
    const view = new InMemoryTaskStore();
    for (const entry of this.entries.values()) {
      if (entry.scope === scope) await view.save(entry.task, entry.context);
    }
    return view.list(params, context);
  }

  /** Forgets expired tasks, then the least recently updated ones beyond the limit. */
  private sweep(): void {
    // Every task lives the same time after its update, so the expired ones lead the order.
    const now = this.now();
    for (const [key, entry] of this.entries) {
      if (entry.expiresAt > now) break;
      this.entries.delete(key);
    }
    for (const key of this.entries.keys()) {
      if (this.entries.size <= this.options.maxTasks) break;
      this.entries.delete(key);
    }
  }
}

/** Tasks are kept apart by tenant and caller, as the SDK's own store does. */
function scopeOf(context: ServerCallContext): string {
  return JSON.stringify([context.tenant ?? '', resolveUserScope(context)]);
}

function keyOf(scope: string, taskId: string): string {
  return `${scope}\u0000${taskId}`;
}
