/**
 * `GET /metrics`, mounted on the REST app by the lifecycle (transports never see the metrics
 * class, only the narrow `RequestObserver` they report to). Served at the root only, like
 * `/livez`: Prometheus scrapes the container's own address, and a path-routed ingress that
 * forwards `{BASE_PATH}/*` to the agent then never exposes the runtime's internals.
 */
import type { RuntimeMetrics } from '../telemetry/index.js';
import type { RestMount } from '../transports/rest/index.js';

export const metricsPath = '/metrics';

export function createMetricsMount(metrics: RuntimeMetrics): RestMount {
  return {
    name: 'metrics',
    register(app) {
      app.get(metricsPath, async (_request, reply) => {
        const text = await metrics.exposition();
        return reply
          .header('content-type', metrics.contentType)
          .header('cache-control', 'no-store')
          .send(text);
      });
    },
  };
}
