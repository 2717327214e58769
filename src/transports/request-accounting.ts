/**
 * What every fastify server of the runtime (REST, the standalone UI) does around each request:
 * counts it for the drain, echoes its request id, logs one line when it completes, and reports
 * it to the metrics once. Routes are reported by template (`unmatched` for 404s), so metric
 * labels stay bounded whatever paths clients send.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { RequestObserver } from '../telemetry/index.js';
import type { ConnectionDrain } from './connection-drain.js';
import type { SurfaceName } from './runtime-status.js';

export interface RequestAccountingOptions {
  /** The metrics' `surface` label. */
  surface: SurfaceName;
  drain: ConnectionDrain;
  /** The response header that carries the request id (`x-request-id`). */
  requestIdHeader: string;
  /** Told about every finished request; nothing is recorded when omitted. */
  metrics?: RequestObserver | undefined;
}

/** Adds the accounting hooks to `app`; call before any route is registered. */
export function addRequestAccounting(
  app: FastifyInstance,
  options: RequestAccountingOptions
): void {
  const { drain } = options;
  const record = requestRecorder(options.surface, options.metrics);

  app.addHook('onRequest', (request, reply, done) => {
    drain.track(reply);
    reply.raw.once('close', () => {
      // No complete answer went out: the client left, or the drain cut it at the grace period.
      if (!reply.raw.writableFinished) record(request, 'aborted', elapsedMs(reply));
    });
    void reply.header(options.requestIdHeader, request.id);
    done();
  });
  app.addHook('onSend', (_request, reply, payload, done) => {
    drain.markLastOnConnection(reply);
    done(null, payload);
  });
  app.addHook('onResponse', (request, reply, done) => {
    const durationMs = elapsedMs(reply);
    request.log.info(
      { method: request.method, route: routeOf(request), statusCode: reply.statusCode, durationMs },
      'request completed'
    );
    record(request, reply.statusCode, durationMs);
    done();
  });
}

/** Reports each request once, whichever of completion and an early close comes first. */
function requestRecorder(
  surface: SurfaceName,
  metrics: RequestObserver | undefined
): (request: FastifyRequest, status: number | string, durationMs: number) => void {
  const recorded = new WeakSet<FastifyRequest>();
  return (request, status, durationMs) => {
    if (metrics === undefined || recorded.has(request)) return;
    recorded.add(request);
    const route = routeOf(request);
    metrics.observeRequest({ surface, route, method: request.method, status, durationMs });
  };
}

function routeOf(request: FastifyRequest): string {
  return request.routeOptions.url ?? 'unmatched';
}

/** Time since the request arrived, in milliseconds to the microsecond. */
function elapsedMs(reply: FastifyReply): number {
  return Math.round(reply.elapsedTime * 1000) / 1000;
}
