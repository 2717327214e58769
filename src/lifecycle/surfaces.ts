import type { Agent } from '../agent/index.js';
import type { RuntimeConfig } from '../config/index.js';
import type { Logger, RuntimeMetrics } from '../telemetry/index.js';
import type { RuntimeStatus, Surface } from '../transports/index.js';
import { createA2AProtocol } from '../transports/a2a/index.js';
import { createGrpcSurface } from '../transports/grpc/index.js';
import { createRestSurface, type RestMount } from '../transports/rest/index.js';
import {
  createUiCorsMount,
  createUiMount,
  createUiSurface,
  hasUi,
  resolveUiSite,
} from '../transports/ui/index.js';
import { createMetricsMount } from './metrics-route.js';

export interface SurfaceSetOptions {
  config: RuntimeConfig;
  agent: Agent;
  status: RuntimeStatus;
  logger: Logger;
  runtimeVersion: string;
  /** Request metrics for every surface, and `GET /metrics` on the REST port when given. */
  metrics?: RuntimeMetrics;
}

/**
 * The composition of the transports: which surfaces this package and configuration get, and
 * what is mounted on the REST app from outside the REST transport. Transports never import one
 * another; this is the one place that wires them together. Surfaces are returned in the order
 * they should start listening.
 */
export async function createSurfaces(options: SurfaceSetOptions): Promise<Surface[]> {
  const { config, agent } = options;
  const a2a = createA2AProtocol(options);
  const mounts: RestMount[] = [a2a.restMount];
  if (options.metrics !== undefined) mounts.push(createMetricsMount(options.metrics));

  // The UI: checked at boot (a missing folder or index fails it), then mounted on the REST app
  // or given its own server on UI_PORT.
  const uiSite = hasUi(agent) ? await resolveUiSite(config, agent, options.logger) : undefined;
  let uiSurface: Surface | undefined;
  if (uiSite?.mode === 'multiplexed') mounts.push(createUiMount(uiSite, options.status));
  if (uiSite?.mode === 'standalone') {
    mounts.push(createUiCorsMount({ uiPort: config.surfaces.uiPort }));
    uiSurface = await createUiSurface({ ...options, site: uiSite });
  }

  const surfaces: Surface[] = [await createRestSurface({ ...options, mounts })];
  if (config.surfaces.grpcEnabled) {
    const services = a2a.grpcService === undefined ? [] : [a2a.grpcService];
    surfaces.push(await createGrpcSurface({ ...options, services }));
  }
  if (uiSurface !== undefined) surfaces.push(uiSurface);
  return surfaces;
}
