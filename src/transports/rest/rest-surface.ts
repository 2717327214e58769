import Fastify, {
  LogController,
  type FastifyBaseLogger,
  type FastifyInstance,
  type FastifyReply,
} from 'fastify';
import type { Agent } from '../../agent/index.js';
import { routePrefix, type RuntimeConfig } from '../../config/index.js';
import type { Logger, RequestObserver } from '../../telemetry/index.js';
import type { RuntimeStatus, SurfaceName } from '../runtime-status.js';
import { listenWithFallback } from '../listen.js';
import type { Surface } from '../surface.js';
import { registerBaseRoutes, registerRootRoutes } from './builtin-routes.js';
import { ConnectionDrain } from '../connection-drain.js';
import { addRequestAccounting } from '../request-accounting.js';
import { errorEnvelope, toHttpError } from './error-mapping.js';
import { registerInvokeRoute } from './invoke-route.js';
import { requestIdFor, requestIdHeader } from './request-id.js';

/** Adds routes to the REST app from outside this transport (UI, A2A JSON-RPC, metrics). */
export interface RestMount {
  readonly name: string;
  /** The surface this mount serves on the REST port, if any (the multiplexed UI). */
  readonly carries?: SurfaceName;
  /** Registers at the root; add `routePrefix(basePath)` yourself for base-path routes. */
  register(app: FastifyInstance): Promise<void> | void;
}

export interface RestSurfaceOptions {
  config: RuntimeConfig;
  agent: Agent;
  status: RuntimeStatus;
  logger: Logger;
  runtimeVersion: string;
  mounts?: readonly RestMount[];
  /** Told about every finished request (route template, status, duration). */
  metrics?: RequestObserver;
}

/** The REST server; `inFlight` counts requests being handled, streams included. */
export interface RestSurface extends Surface {
  readonly name: 'rest';
  readonly app: FastifyInstance;
}

/** Builds the REST surface: built-in routes, the invoke route, the agent's own routes. */
export async function createRestSurface(options: RestSurfaceOptions): Promise<RestSurface> {
  const { config, agent, status, logger } = options;
  // Typed as fastify's base logger so the app is a plain FastifyInstance for route modules.
  const restLogger: FastifyBaseLogger = logger.child({ surface: 'rest' });
  const app = Fastify({
    loggerInstance: restLogger,
    // One line per request comes from our onResponse hook, which knows the route template.
    logController: new LogController({
      disableRequestLogging: true,
      requestIdLogLabel: 'requestId',
    }),
    genReqId: requestIdFor,
    bodyLimit: config.surfaces.maxRequestBodyBytes,
    forceCloseConnections: 'idle',
    return503OnClosing: true,
    routerOptions: { ignoreTrailingSlash: true },
    // The router's own refusals (a URL whose percent-encoding does not decode) get our envelope.
    frameworkErrors: (error, request, reply) => {
      const body = errorEnvelope('PAR_ERR_REST_BAD_REQUEST', error.message, request.id);
      void (reply as FastifyReply).status(400).send(body);
    },
  });

  const drain = new ConnectionDrain(app);
  addRequestAccounting(app, { surface: 'rest', drain, requestIdHeader, metrics: options.metrics });
  app.setErrorHandler((error, request, reply) => {
    const mapped = toHttpError(error);
    if (mapped.serverFault) request.log.error({ err: error, code: mapped.code }, 'request failed');
    else request.log.info({ code: mapped.code, reason: mapped.message }, 'request rejected');
    return reply
      .status(mapped.statusCode)
      .send(errorEnvelope(mapped.code, mapped.message, request.id));
  });
  app.setNotFoundHandler((request, reply) => {
    const message = `expected a known route, got ${request.method} ${request.url.split('?')[0]}`;
    return reply.status(404).send(errorEnvelope('PAR_ERR_REST_NOT_FOUND', message, request.id));
  });

  const builtins = { config, agent, status, runtimeVersion: options.runtimeVersion };
  registerRootRoutes(app, builtins);
  await app.register(
    async (scoped) => {
      registerBaseRoutes(scoped, builtins);
      if (agent.hasInvoke) registerInvokeRoute(scoped, agent, status);
      await agent.registerRoutes(scoped);
    },
    { prefix: routePrefix(config.surfaces.basePath) }
  );
  for (const mount of options.mounts ?? []) await mount.register(app);
  await app.ready();

  return {
    name: 'rest',
    carries: (options.mounts ?? []).flatMap((mount) => mount.carries ?? []),
    app,
    inFlight: () => drain.inFlight(),
    listen: () =>
      listenWithFallback(
        (host) => app.listen({ host, port: config.surfaces.restPort }).then(() => undefined),
        config.surfaces.bindHost,
        config.surfaces.restPort,
        'rest'
      ),
    close: (graceMs) => drain.close(graceMs),
  };
}
