/**
 * The open A2A protocol for one agent: the card, the SDK's request handler over a bounded task
 * store and the agent's executor (its own, or the default mapping to invoke), and the two
 * bindings built on them. The lifecycle mounts the REST part and registers the gRPC part.
 */
import type { AgentCard } from '@a2a-js/sdk';
import { DefaultRequestHandler } from '@a2a-js/sdk/server';
import type { FastifyInstance } from 'fastify';
import type { Agent } from '../../agent/index.js';
import { routePrefix, type RuntimeConfig } from '../../config/index.js';
import type { Logger } from '../../telemetry/index.js';
import type { RuntimeStatus } from '../runtime-status.js';
import { buildAgentCard } from './agent-card.js';
import { registerCardRoutes } from './card-route.js';
import { createA2AGrpcService, type A2AGrpcService } from './grpc-registration.js';
import { InvokeExecutor } from './invoke-executor.js';
import { registerJsonRpcRoute } from './jsonrpc-route.js';
import { publicUrls } from './public-urls.js';
import { endStreamsOnDrain } from './stream-drain.js';
import { BoundedTaskStore } from './task-store.js';

export interface A2AProtocolOptions {
  config: RuntimeConfig;
  agent: Agent;
  status: RuntimeStatus;
  logger: Logger;
}

/** Routes for the REST app; the same shape as the REST transport's `RestMount`. */
export interface A2ARestMount {
  readonly name: string;
  register(app: FastifyInstance): Promise<void>;
}

export interface A2AProtocol {
  readonly card: AgentCard;
  /** The card and JSON-RPC, for the REST app. */
  readonly restMount: A2ARestMount;
  /** `lf.a2a.v1.A2AService`, for the gRPC surface; undefined when gRPC is turned off. */
  readonly grpcService: A2AGrpcService | undefined;
}

export function createA2AProtocol(options: A2AProtocolOptions): A2AProtocol {
  const { config, agent, status } = options;
  const logger = options.logger.child({ surface: 'a2a-protocol' });
  const card = buildAgentCard(agent, publicUrls(config));
  const store = new BoundedTaskStore({
    ttlMs: config.a2a.taskTtlMs,
    maxTasks: config.a2a.maxTasks,
  });
  const executor = agent.a2aExecutor ?? new InvokeExecutor(agent, logger);
  const drain = drainSignal(status);
  const requestHandler = endStreamsOnDrain(new DefaultRequestHandler(card, store, executor), drain);

  return {
    card,
    restMount: {
      name: 'a2a',
      async register(app) {
        registerCardRoutes(app, {
          card,
          basePath: config.surfaces.basePath,
          maxAgeSec: config.a2a.cardMaxAgeSec,
        });
        await app.register(
          (scoped, _options, done) => {
            registerJsonRpcRoute(scoped, { card, requestHandler, drain });
            done();
          },
          { prefix: routePrefix(config.surfaces.basePath) }
        );
      },
    },
    grpcService: config.surfaces.grpcEnabled ? createA2AGrpcService(requestHandler) : undefined,
  };
}

/** Aborts once the runtime starts draining (at once if it already is). */
function drainSignal(status: RuntimeStatus): AbortSignal {
  const controller = new AbortController();
  if (status.state === 'DRAINING') controller.abort();
  const stop = status.onStateChange((state) => {
    if (state !== 'DRAINING' && state !== 'STOPPED') return;
    controller.abort();
    stop();
  });
  return controller.signal;
}
