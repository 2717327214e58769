/**
 * The A2A gRPC server on A2A_PORT: Pixell's AgentService, the standard health service, server
 * reflection, and any service registered from outside (the open A2A protocol's), all on one
 * grpc-js Server. Every call passes the call tracker first (in-flight count, request id, one
 * log line). The lifecycle starts and drains it through `Surface`, like every other server.
 */
import { Server, type ServiceDefinition, type UntypedServiceImplementation } from '@grpc/grpc-js';
import type { Agent } from '../../agent/index.js';
import type { RuntimeConfig } from '../../config/index.js';
import type { Logger, RequestObserver } from '../../telemetry/index.js';
import { listenWithFallback, type ListeningAddress } from '../listen.js';
import type { RuntimeStatus } from '../runtime-status.js';
import type { Surface } from '../surface.js';
import { createAgentService } from './agent-service.js';
import { CallTracker } from './call-tracker.js';
import { bindServer } from './grpc-bind.js';
import { routeGrpcLibraryLogs } from './grpc-logger.js';
import { createHealthService, type HealthService } from './health-service.js';
import { agentServiceName, healthServiceName, loadProtos } from './proto-files.js';
import { createReflectionService } from './reflection.js';

/**
 * A gRPC service to serve next to AgentService on the same server and port, such as the open
 * A2A protocol's `lf.a2a.v1.A2AService`. Its calls are counted, logged and drained like ours.
 */
export interface GrpcServiceRegistration {
  /** The full service name (`lf.a2a.v1.A2AService`): health reports it, reflection lists it. */
  readonly name: string;
  readonly definition: ServiceDefinition;
  readonly implementation: UntypedServiceImplementation;
  /**
   * The encoded `google.protobuf.FileDescriptorProto`s that declare the service and the types
   * it uses (from proto-loader: any entry's `fileDescriptorProtos`; from @bufbuild/protobuf:
   * `toBinary(FileDescriptorProtoSchema, file.proto)`). Without them the service is served
   * and health-checked, but reflection does not describe it.
   */
  readonly fileDescriptorProtos?: readonly Uint8Array[];
}

export interface GrpcSurfaceOptions {
  config: RuntimeConfig;
  agent: Agent;
  status: RuntimeStatus;
  logger: Logger;
  runtimeVersion: string;
  /** More services on the same server; their names must not clash with ours. */
  services?: readonly GrpcServiceRegistration[];
  /** Told about every finished call (full method name, status name, duration). */
  metrics?: RequestObserver;
}

/** The gRPC server; `inFlight` counts calls being handled, streams included. */
export interface GrpcSurface extends Surface {
  readonly name: 'a2a';
  /** The full names of the services served (health and reflection aside). */
  readonly serviceNames: readonly string[];
}

/** Builds the gRPC surface; it listens only when the lifecycle calls `listen`. */
export async function createGrpcSurface(options: GrpcSurfaceOptions): Promise<GrpcSurface> {
  const { config, agent, status } = options;
  const protos = await loadProtos();
  const logger = options.logger.child({ surface: 'a2a' });
  routeGrpcLibraryLogs(logger);
  const maxMessageBytes = config.grpc.maxMessageBytes;
  const registered = options.services ?? [];
  const serviceNames = [agentServiceName, ...registered.map((service) => service.name)];
  refuseClashes(serviceNames);

  const tracker = new CallTracker(logger, options.metrics);
  const server = new Server({
    interceptors: [tracker.interceptor],
    'grpc.max_receive_message_length': maxMessageBytes,
    'grpc.max_send_message_length': maxMessageBytes,
  });
  server.addService(
    protos.agentService,
    createAgentService({
      definition: protos.agentService,
      agent,
      status,
      tracker,
      agentAppId: config.agentAppId,
      runtimeVersion: options.runtimeVersion,
      maxMessageBytes,
    })
  );
  for (const service of registered) server.addService(service.definition, service.implementation);
  const health = createHealthService(status, serviceNames);
  server.addService(protos.healthService, health.implementation);
  createReflectionService(protos, registered).addToServer(server);

  let closing: Promise<{ forced: boolean }> | undefined;
  return {
    name: 'a2a',
    serviceNames,
    inFlight: () => tracker.inFlight(),
    listen: () => listen(server, config, logger, serviceNames),
    close: (graceMs) => (closing ??= shutdown(server, health, tracker, graceMs)),
  };
}

function refuseClashes(names: readonly string[]): void {
  const seen = new Set<string>([healthServiceName]);
  for (const name of names) {
    if (seen.has(name) || name.startsWith('grpc.reflection.')) {
      throw new Error(`Bug: the gRPC service ${name} is registered twice`);
    }
    seen.add(name);
  }
}

async function listen(
  server: Server,
  config: RuntimeConfig,
  logger: Logger,
  services: readonly string[]
): Promise<ListeningAddress> {
  const { bindHost, a2aPort } = config.surfaces;
  let port = a2aPort;
  const address = await listenWithFallback(
    async (host) => {
      port = await bindServer(server, host, a2aPort);
    },
    bindHost,
    a2aPort,
    'a2a'
  );
  logger.info({ host: address.host, port, services }, 'grpc surface listening');
  return { host: address.host, port };
}

/**
 * The drain: health watchers are told to go, no new calls are accepted (GOAWAY), calls in
 * flight may finish within `graceMs`, then whatever remains is cancelled, which aborts the
 * handlers' signals.
 */
async function shutdown(
  server: Server,
  health: HealthService,
  tracker: CallTracker,
  graceMs: number
): Promise<{ forced: boolean }> {
  health.close();
  health.endWatches();
  const forced = await new Promise<boolean>((resolve) => {
    const timer = setTimeout(() => {
      tracker.cutting = true;
      server.forceShutdown();
      resolve(true);
    }, graceMs);
    server.tryShutdown(() => {
      clearTimeout(timer);
      resolve(false);
    });
  });
  return { forced };
}
