/**
 * The standard `grpc.health.v1.Health` service (Check, Watch, List), for NLB and Kubernetes
 * gRPC probes. Every known service is SERVING only while the runtime is READY, and NOT_SERVING
 * from the first moment of DRAINING, read from `RuntimeStatus`. The wire contract is
 * grpc-health-check's own proto; the handlers are ours because its implementation cannot end
 * open Watch streams, which would hold a graceful shutdown for its whole grace period.
 */
import {
  status,
  type handleServerStreamingCall,
  type handleUnaryCall,
  type ServerWritableStream,
  type UntypedServiceImplementation,
} from '@grpc/grpc-js';
import type { LifecycleState, RuntimeStatus } from '../runtime-status.js';

type ServingStatus = 'SERVING' | 'NOT_SERVING' | 'SERVICE_UNKNOWN';

interface HealthCheckRequest {
  service: string;
}
interface HealthCheckResponse {
  status: ServingStatus;
}
interface HealthListResponse {
  statuses: Record<string, HealthCheckResponse>;
}
type Watcher = ServerWritableStream<HealthCheckRequest, HealthCheckResponse>;

export interface HealthService {
  readonly implementation: UntypedServiceImplementation;
  /** Ends every open Watch stream, so a graceful shutdown need not wait for them. */
  endWatches(): void;
  /** Stops following the lifecycle. */
  close(): void;
}

/**
 * @param serviceNames the full names of the services served; `""` (the whole server) is
 * always known too.
 */
export function createHealthService(
  runtimeStatus: RuntimeStatus,
  serviceNames: readonly string[]
): HealthService {
  const known = new Set(['', ...serviceNames]);
  const watchers = new Map<Watcher, ServingStatus>();
  const servingStatus = (state: LifecycleState): ServingStatus =>
    state === 'READY' ? 'SERVING' : 'NOT_SERVING';
  const statusOf = (service: string): ServingStatus | undefined =>
    known.has(service) ? servingStatus(runtimeStatus.state) : undefined;

  const stopFollowing = runtimeStatus.onStateChange((state) => {
    for (const [watcher, last] of watchers) {
      if (!known.has(watcher.request.service)) continue;
      const next = servingStatus(state);
      if (next === last) continue;
      watchers.set(watcher, next);
      watcher.write({ status: next });
    }
  });

  const check: handleUnaryCall<HealthCheckRequest, HealthCheckResponse> = (call, callback) => {
    const current = statusOf(call.request.service);
    if (current === undefined) {
      const services = [...known].map((name) => JSON.stringify(name)).join(', ');
      const details =
        `expected one of the services [${services}], ` +
        `got ${JSON.stringify(call.request.service)}`;
      callback({ code: status.NOT_FOUND, details });
      return;
    }
    callback(null, { status: current });
  };

  // The spec: answer the current status at once, then each change; an unknown service gets
  // SERVICE_UNKNOWN and the stream stays open.
  const watch: handleServerStreamingCall<HealthCheckRequest, HealthCheckResponse> = (call) => {
    const current = statusOf(call.request.service) ?? 'SERVICE_UNKNOWN';
    watchers.set(call, current);
    call.once('cancelled', () => watchers.delete(call));
    call.write({ status: current });
  };

  const list: handleUnaryCall<unknown, HealthListResponse> = (_call, callback) => {
    const statuses: Record<string, HealthCheckResponse> = {};
    const current = servingStatus(runtimeStatus.state);
    for (const service of known) statuses[service] = { status: current };
    callback(null, { statuses });
  };

  const implementation: UntypedServiceImplementation = { Check: check, Watch: watch, List: list };

  return {
    implementation,
    endWatches: () => {
      // The spec asks clients to retry a Watch that ends with any status but UNIMPLEMENTED.
      for (const watcher of watchers.keys()) {
        watcher.emit('error', { code: status.UNAVAILABLE, details: 'the server is shutting down' });
      }
      watchers.clear();
    },
    close: stopFollowing,
  };
}
