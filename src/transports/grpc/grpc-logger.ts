/**
 * grpc-js writes its own diagnostics with `console.error` ("E No address added ..."). Routed
 * into our logger instead, they become JSON lines like every other, at warn (grpc-js errors
 * are about connections and binds, which the surface also reports itself) or debug.
 */
import { format } from 'node:util';
import { setLogger } from '@grpc/grpc-js';
import type { Logger } from '../../telemetry/index.js';

/**
 * grpc-js keeps one logger per process; the latest surface's logger wins, which is right for
 * a process that serves one agent.
 */
export function routeGrpcLibraryLogs(logger: Logger): void {
  const log = logger.child({ component: 'grpc-js' });
  setLogger({
    error: (message?: unknown, ...rest: unknown[]) =>
      log.warn({ detail: format(message, ...rest) }, 'grpc-js reported a problem'),
    info: (message?: unknown, ...rest: unknown[]) =>
      log.debug({ detail: format(message, ...rest) }, 'grpc-js said'),
    debug: (message?: unknown, ...rest: unknown[]) =>
      log.debug({ detail: format(message, ...rest) }, 'grpc-js said'),
  });
}
