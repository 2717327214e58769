/**
 * The standalone UI server (MULTIPLEXED=false): its own fastify app on UI_PORT with the UI
 * routes, a `/health` of its own and a real drain on close. Started only for packages that
 * declare a UI; the lifecycle waits for it like any other surface.
 */
import { randomUUID } from 'node:crypto';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { RuntimeConfig } from '../../config/index.js';
import type { Logger, RequestObserver } from '../../telemetry/index.js';
import { ConnectionDrain } from '../connection-drain.js';
import { listenWithFallback } from '../listen.js';
import { addRequestAccounting } from '../request-accounting.js';
import type { RuntimeStatus } from '../runtime-status.js';
import type { Surface } from '../surface.js';
import { sendUiError } from './ui-errors.js';
import { registerUiRoutes } from './ui-routes.js';
import type { UiSite } from './ui-site.js';

export interface UiSurfaceOptions {
  config: RuntimeConfig;
  site: UiSite;
  status: RuntimeStatus;
  logger: Logger;
  /** Told about every finished request (route template, status, duration). */
  metrics?: RequestObserver;
}

/** The UI's own server; `inFlight` counts requests being sent. */
export interface UiSurface extends Surface {
  readonly name: 'ui';
  readonly app: FastifyInstance;
}

/** Builds the standalone UI server; it listens on UI_PORT once `listen` is called. */
export async function createUiSurface(options: UiSurfaceOptions): Promise<UiSurface> {
  const { config, site, status } = options;
  const uiLogger: FastifyBaseLogger = options.logger.child({ surface: 'ui' });
  const app = Fastify({
    loggerInstance: uiLogger,
    logController: new LogController({
      disableRequestLogging: true,
      requestIdLogLabel: 'requestId',
    }),
    genReqId: () => randomUUID(),
    // The UI takes no request bodies; anything larger than a preflight is refused.
    bodyLimit: 1024,
    forceCloseConnections: 'idle',
    return503OnClosing: true,
    routerOptions: { ignoreTrailingSlash: true },
    // The router's own refusals (a URL whose percent-encoding does not decode) get our envelope.
    frameworkErrors: (error, _request, reply) => {
      void sendUiError(reply, 'PAR_ERR_REST_BAD_REQUEST', error.message, 400);
    },
  });

  const drain = new ConnectionDrain(app);
  addRequestAccounting(app, {
    surface: 'ui',
    drain,
    requestIdHeader: 'x-request-id',
    metrics: options.metrics,
  });
  app.setNotFoundHandler((request, reply) => {
    const message = `expected a UI route, got ${request.method} ${request.url.split('?')[0]}`;
    return sendUiError(reply, 'PAR_ERR_REST_NOT_FOUND', message);
  });

  // Health for a load balancer's target group on the UI port: the runtime's readiness.
  app.get('/health', (_request, reply) =>
    reply
      .status(status.ready ? 200 : 503)
      .header('cache-control', 'no-store')
      .send({ ok: status.ready, service: 'ui', state: status.state, port: site.uiPort })
  );
  await registerUiRoutes(app, { site, status });
  await app.ready();

  return {
    name: 'ui',
    app,
    inFlight: () => drain.inFlight(),
    listen: () =>
      listenWithFallback(
        (host) => app.listen({ host, port: config.surfaces.uiPort }).then(() => undefined),
        config.surfaces.bindHost,
        config.surfaces.uiPort,
        'ui'
      ),
    close: (graceMs) => drain.close(graceMs),
  };
}
