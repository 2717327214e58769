/**
 * When the UI has its own port, a browser that loaded it from there calls the REST port on the
 * same host: another origin. This mount for the REST app allows exactly that origin (same host
 * name, UI_PORT) and no other, answering its preflights; the REST API stays closed to the rest
 * of the web, unlike the Python PAR's `*` with credentials.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

export interface UiCorsOptions {
  uiPort: number;
}

/** What the REST app needs to allow the standalone UI's origin (structurally a `RestMount`). */
export interface UiCorsMount {
  readonly name: 'ui-cors';
  register(app: FastifyInstance): void;
}

const allowedMethods = 'GET, HEAD, POST, OPTIONS';
const allowedHeaders = 'content-type, accept, x-request-id';
const preflightMaxAgeSec = 600;

/** The CORS rule for the REST app when MULTIPLEXED=false and the package has a UI. */
export function createUiCorsMount(options: UiCorsOptions): UiCorsMount {
  return {
    name: 'ui-cors',
    register(app) {
      app.addHook('onRequest', (request, reply, done) => {
        if (!isUiOrigin(request, options.uiPort)) return done();
        allowOrigin(request, reply);
        if (request.method !== 'OPTIONS') return done();
        void reply
          .status(204)
          .header('access-control-allow-methods', allowedMethods)
          .header('access-control-allow-headers', allowedHeaders)
          .header('access-control-max-age', String(preflightMaxAgeSec))
          .send();
      });
    },
  };
}

function allowOrigin(request: FastifyRequest, reply: FastifyReply): void {
  void reply
    .header('access-control-allow-origin', request.headers.origin)
    .header('access-control-expose-headers', 'x-request-id')
    .header('vary', 'Origin');
}

/** Whether the request's Origin is this host on the UI port. */
function isUiOrigin(request: FastifyRequest, uiPort: number): boolean {
  const { origin, host } = request.headers;
  if (origin === undefined || host === undefined) return false;
  try {
    const from = new URL(origin);
    const to = new URL(`http://${host}`);
    const fromPort = from.port === '' ? (from.protocol === 'https:' ? 443 : 80) : Number(from.port);

    return from.hostname === to.hostname && fromPort === uiPort;
  } catch {
    return false;
  }
}
