import type { FastifyInstance } from 'fastify';
import { RuntimeError, errorMessageOf, isRuntimeError } from '../errors/index.js';
import type { AgentManifest, AgentPackage } from '../package/index.js';
import type { Logger } from '../telemetry/index.js';
import { buildAgentEnvironment } from './agent-environment.js';
import type { A2AExecutor, AgentContext, AgentLifecycleContext, AgentLogger } from './contract.js';
import { importAgentHandlers, type AgentHandlers } from './load-agent.js';

/** What a transport knows about one call. */
export interface CallOptions {
  readonly requestId: string;
  /** A logger already bound to the request id (pino, or fastify's request logger). */
  readonly logger: { child(bindings: Record<string, unknown>): unknown };
  /** The caller's cancellation: client gone, deadline passed. */
  readonly signal?: AbortSignal | undefined;
  /** Caller-supplied context, passed to the handler as `ctx.context`. */
  readonly context?: Readonly<Record<string, unknown>> | undefined;
}

export interface LoadAgentOptions {
  agentId: string;
  logger: Logger;
  processEnv?: NodeJS.ProcessEnv;
}

/**
 * A loaded agent as every transport sees it: invoke, actions, routes and lifecycle hooks, with
 * contexts built and failures turned into stable error codes. Knows nothing of any wire.
 */
export class Agent {
  readonly manifest: AgentManifest;
  /** SHA-256 of the archive the agent was unpacked from; undefined for a folder. */
  readonly packageSha256: string | undefined;
  /** Absolute path of the package root: where surfaces find the agent's files (the UI). */
  readonly packageRoot: string;
  private readonly handlers: AgentHandlers;
  private readonly agentId: string;
  private readonly logger: Logger;
  private readonly env: Readonly<Record<string, string | undefined>>;
  private readonly stopping = new AbortController();

  private constructor(pkg: AgentPackage, handlers: AgentHandlers, options: LoadAgentOptions) {
    this.manifest = pkg.manifest;
    this.packageSha256 = pkg.sha256;
    this.packageRoot = pkg.root;
    this.handlers = handlers;
    this.agentId = options.agentId;
    this.logger = options.logger;
    this.env = buildAgentEnvironment(pkg.manifest.environment, options.processEnv ?? process.env);
  }

  /** Imports the agent's modules and runs its `init`. Any failure is a boot failure. */
  static async load(pkg: AgentPackage, options: LoadAgentOptions): Promise<Agent> {
    const agent = new Agent(pkg, await importAgentHandlers(pkg), options);
    await agent.runInit();
    return agent;
  }

  get hasInvoke(): boolean {
    return this.handlers.invoke !== undefined;
  }

  get hasRoutes(): boolean {
    return this.handlers.routes !== undefined;
  }

  /** The agent's own A2A executor, when it serves the open A2A protocol itself. */
  get a2aExecutor(): A2AExecutor | undefined {
    return this.handlers.a2aExecutor;
  }

  actionNames(): string[] {
    return [...this.handlers.actions.keys()];
  }

  /** Aborts when the runtime begins to shut down. */
  get shutdownSignal(): AbortSignal {
    return this.stopping.signal;
  }

  /** Calls the entrypoint. The result may be a value or an async iterable to stream. */
  async invoke(input: unknown, call: CallOptions): Promise<unknown> {
    const handler = this.handlers.invoke;
    if (handler === undefined) {
      throw new RuntimeError('PAR_ERR_AGENT_NO_ENTRYPOINT', 'expected an invoke handler, got none');
    }
    const ctx = this.callContext(call);
    return this.guard(ctx, () => handler(input, ctx));
  }

  /** Calls a named action with its string parameters. */
  async runAction(
    name: string,
    params: Record<string, string>,
    call: CallOptions
  ): Promise<unknown> {
    const handler = this.handlers.actions.get(name);
    if (handler === undefined) {
      throw new RuntimeError(
        'PAR_ERR_AGENT_ACTION_UNKNOWN',
        `expected one of the actions [${this.actionNames().join(', ')}], got "${name}"`,
        { details: { action: name } }
      );
    }
    const ctx = this.callContext(call);
    return this.guard(ctx, () => handler(params, ctx));
  }

  /** Lets the agent add its routes to a fastify instance already scoped to the base path. */
  async registerRoutes(app: FastifyInstance): Promise<void> {
    await this.handlers.routes?.(app, this.lifecycleContext());
  }

  /**
   * Runs the agent's `shutdown` hook, giving up after `deadlineMs`. Aborts the shutdown signal
   * first, so handlers still running learn that the runtime is going away.
   */
  async shutdown(deadlineMs: number): Promise<'done' | 'timeout' | 'failed'> {
    this.stopping.abort(new RuntimeError('PAR_ERR_AGENT_ABORTED', 'the runtime is shutting down'));
    const hook = this.handlers.shutdown;
    if (hook === undefined) return 'done';
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), deadlineMs);
    });
    try {
      const run = Promise.resolve(hook(this.lifecycleContext())).then(() => 'done' as const);
      return await Promise.race([run, deadline]);
    } catch (error) {
      this.logger.error({ err: error }, 'agent shutdown hook failed');
      return 'failed';
    } finally {
      clearTimeout(timer);
    }
  }

  private async runInit(): Promise<void> {
    try {
      await this.handlers.init?.(this.lifecycleContext());
    } catch (error) {
      throw new RuntimeError(
        'PAR_ERR_AGENT_INIT_FAILED',
        `the agent's init hook threw: ${errorMessageOf(error)}`,
        { cause: error }
      );
    }
  }

  private async guard(ctx: AgentContext, run: () => unknown): Promise<unknown> {
    try {
      return await run();
    } catch (error) {
      throw toHandlerError(error, ctx.signal);
    }
  }

  private lifecycleContext(): AgentLifecycleContext {
    return {
      agentId: this.agentId,
      logger: this.logger.child({ component: 'agent' }),
      signal: this.stopping.signal,
      env: this.env,
    };
  }

  private callContext(call: CallOptions): AgentContext {
    const signals = call.signal ? [call.signal, this.stopping.signal] : [this.stopping.signal];
    return {
      agentId: this.agentId,
      requestId: call.requestId,
      context: call.context ?? {},
      logger: call.logger.child({ component: 'agent' }) as AgentLogger,
      signal: signals.length === 1 ? this.stopping.signal : AbortSignal.any(signals),
      env: this.env,
    };
  }
}

/** Maps what a handler threw (or a stream raised) to a stable code; the cause is kept. */
export function toHandlerError(error: unknown, signal?: AbortSignal): RuntimeError {
  if (isRuntimeError(error) && error instanceof RuntimeError) return error;
  if (signal?.aborted) {
    return new RuntimeError('PAR_ERR_AGENT_ABORTED', 'the call was aborted', { cause: error });
  }
  return new RuntimeError(
    'PAR_ERR_AGENT_HANDLER_FAILED',
    `the agent handler threw: ${errorMessageOf(error)}`,
    { cause: error }
  );
}

export function isAsyncIterable(value: unknown): value is AsyncIterable<unknown> {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as Record<symbol, unknown>)[Symbol.asyncIterator] === 'function'
  );
}
