import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Agent } from '../../agent/index.js';
import { routePrefix, type RuntimeConfig } from '../../config/index.js';
import type { RuntimeStatus } from '../runtime-status.js';
import { errorEnvelope } from './error-mapping.js';

export interface BuiltinRouteOptions {
  config: RuntimeConfig;
  agent: Agent;
  status: RuntimeStatus;
  runtimeVersion: string;
}

/**
 * Routes the runtime itself answers. Health lives at the root (for load balancers) and under
 * the base path (for path-routed ingress); liveness only at the root.
 */
export function registerRootRoutes(app: FastifyInstance, options: BuiltinRouteOptions): void {
  const { config, status } = options;
  app.get('/livez', () => ({ ok: true, state: status.state, timestamp: Date.now() }));
  app.get('/health', (_request, reply) => sendHealth(reply, status));

  app.get<{ Params: { agentId: string } }>('/agents/:agentId/health', (request, reply) => {
    if (request.params.agentId !== config.agentAppId) {
      const message = `expected agent id "${config.agentAppId}", got "${request.params.agentId}"`;
      return reply.status(404).send(errorEnvelope('PAR_ERR_REST_NOT_FOUND', message, request.id));
    }
    const body = {
      agentId: config.agentAppId,
      status: status.ready ? 'healthy' : status.state.toLowerCase(),
      loaded: true,
    };
    return reply.status(status.ready ? 200 : 503).send(body);
  });
}

/** Routes under the base path: health (when the base is not the root), meta and the index. */
export function registerBaseRoutes(app: FastifyInstance, options: BuiltinRouteOptions): void {
  const { config, agent, status, runtimeVersion } = options;
  const prefix = routePrefix(config.surfaces.basePath);
  if (prefix !== '') app.get('/health', (_request, reply) => sendHealth(reply, status));
  app.get('/a2a/health', (request, reply) => {
    if (!config.surfaces.grpcEnabled) {
      const message = 'expected the gRPC surface to be enabled, got GRPC_ENABLED=false';
      return reply.status(404).send(errorEnvelope('PAR_ERR_REST_NOT_FOUND', message, request.id));
    }
    return sendA2aHealth(reply, status);
  });

  app.get('/meta', () => {
    const { manifest } = agent;
    return {
      name: manifest.name,
      version: manifest.version,
      description: manifest.description ?? null,
      author: manifest.author ?? null,
      package_sha256: agent.packageSha256 ?? null,
      runtime: { name: 'par', version: runtimeVersion },
      surfaces: declaredSurfaces(config, agent),
      actions: agent.actionNames(),
      state: status.state,
      boot_stats: status.bootStats() ?? null,
    };
  });

  app.get('/', () => ({
    service: 'Pixell Agent Runtime',
    version: runtimeVersion,
    agent: { id: config.agentAppId, name: agent.manifest.name, version: agent.manifest.version },
    endpoints: {
      health: `${prefix}/health`,
      meta: `${prefix}/meta`,
      invoke: `${prefix}/invoke`,
      a2a_health: `${prefix}/a2a/health`,
      liveness: '/livez',
      // Where the UI is when it shares this port (MULTIPLEXED, the default).
      ...(agent.manifest.ui !== undefined && config.surfaces.multiplexed
        ? { ui: `${prefix}/ui/`, ui_config: `${prefix}/ui-config.json` }
        : {}),
    },
  }));
}

/** Which surfaces the package declares and the configuration enables. */
export function declaredSurfaces(config: RuntimeConfig, agent: Agent): Record<string, boolean> {
  return {
    rest: true,
    a2a: config.surfaces.grpcEnabled,
    ui: agent.manifest.ui !== undefined,
  };
}

function sendHealth(reply: FastifyReply, status: RuntimeStatus): FastifyReply {
  const body = {
    ok: status.ready,
    state: status.state,
    surfaces: status.surfaces(),
    timestamp: Date.now(),
  };
  return reply
    .status(status.ready ? 200 : 503)
    .header('cache-control', 'no-store')
    .send(body);
}

/**
 * The gRPC surface's health from the runtime's own state: ok while it listens and the runtime
 * is READY (when grpc.health.v1 answers SERVING). No gRPC connection is opened to find out.
 */
function sendA2aHealth(reply: FastifyReply, status: RuntimeStatus): FastifyReply {
  const listening = status.surfaces().a2a;
  const ok = listening && status.ready;
  const body = { ok, service: 'a2a', state: status.state, listening, timestamp: Date.now() };
  return reply
    .status(ok ? 200 : 503)
    .header('cache-control', 'no-store')
    .send(body);
}
