import { routePrefix, type RuntimeConfig } from '../config/index.js';

/**
 * Where a person on this machine can reach each surface, for the `runtime ready` line; `hasUi`
 * when the package declares a UI.
 */
export function surfaceUrls(config: RuntimeConfig, hasUi = false): Record<string, string> {
  const { restPort, a2aPort, uiPort, multiplexed, basePath, grpcEnabled } = config.surfaces;
  const urls: Record<string, string> = {
    rest: `http://localhost:${restPort}${routePrefix(basePath)}/`,
    health: `http://localhost:${restPort}/health`,
  };
  // A gRPC target as grpcurl and grpc clients take it, not a URL.
  if (grpcEnabled) urls.a2a = `localhost:${a2aPort}`;
  if (hasUi) {
    urls.ui = `http://localhost:${multiplexed ? restPort : uiPort}${routePrefix(basePath)}/ui/`;
  }
  return urls;
}
