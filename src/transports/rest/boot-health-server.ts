/**
 * The REST port's stand-in while the runtime boots. Before the REST surface exists (the package
 * is still being fetched, unpacked or loaded) this plain node:http server answers `/health` 503,
 * `/livez` 200 and anything else 503 PAR_ERR_REST_NOT_READY, so probes and load balancers see
 * an honest "starting" instead of a refused connection. The lifecycle closes it right before the
 * REST surface binds the same port.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { routePrefix, type RuntimeConfig } from '../../config/index.js';
import { listenWithFallback, type ListeningAddress } from '../listen.js';
import type { RuntimeStatus } from '../runtime-status.js';
import { errorEnvelope } from './error-mapping.js';
import { requestIdFor, requestIdHeader } from './request-id.js';

export interface BootHealthServerOptions {
  config: RuntimeConfig;
  status: RuntimeStatus;
}

/** Listens on REST_PORT during the boot; `close` frees the port at once. */
export interface BootHealthServer {
  /** Binds BIND_HOST:REST_PORT; rejects with PAR_ERR_SERVE_PORT_IN_USE like the REST surface. */
  listen(): Promise<ListeningAddress>;
  /** Stops listening and ends every open connection, so the port can be bound again now. */
  close(): Promise<void>;
}

/** Builds the boot-time health server; it listens only when the lifecycle calls `listen`. */
export function createBootHealthServer(options: BootHealthServerOptions): BootHealthServer {
  const { config, status } = options;
  const healthPaths = new Set(['/health', `${routePrefix(config.surfaces.basePath)}/health`]);
  const server = createServer((request, response) =>
    answer(request, response, { status, healthPaths })
  );

  let closing: Promise<void> | undefined;
  return {
    listen: () =>
      listenWithFallback(
        (host) =>
          new Promise<void>((resolve, reject) => {
            server.once('error', reject);
            server.listen({ host, port: config.surfaces.restPort }, () => {
              server.off('error', reject);
              resolve();
            });
          }),
        config.surfaces.bindHost,
        config.surfaces.restPort,
        'rest'
      ),
    close: () =>
      (closing ??= new Promise<void>((resolve) => {
        if (!server.listening) return resolve();
        server.close(() => resolve());
        server.closeAllConnections();
      })),
  };
}

function answer(
  request: IncomingMessage,
  response: ServerResponse,
  context: { status: RuntimeStatus; healthPaths: Set<string> }
): void {
  const { status, healthPaths } = context;
  const path = (request.url ?? '/').split('?')[0] ?? '/';
  const requestId = requestIdFor(request);

  // Every answer closes its connection: this server is about to make way for the REST surface.
  const headers = {
    'content-type': 'application/json; charset=utf-8',
    'cache-control': 'no-store',
    connection: 'close',
    [requestIdHeader]: requestId,
  };
  if (request.method === 'GET' && path === '/livez') {
    response.writeHead(200, headers);
    response.end(JSON.stringify({ ok: true, state: status.state, timestamp: Date.now() }));
    return;
  }
  if (request.method === 'GET' && healthPaths.has(path)) {
    const body = {
      ok: false,
      state: status.state,
      surfaces: status.surfaces(),
      timestamp: Date.now(),
    };
    response.writeHead(503, headers);
    response.end(JSON.stringify(body));
    return;
  }
  const message = `expected a READY runtime, got ${status.state} (the agent is still booting)`;
  response.writeHead(503, { ...headers, 'retry-after': '1' });
  response.end(JSON.stringify(errorEnvelope('PAR_ERR_REST_NOT_READY', message, requestId)));
}
