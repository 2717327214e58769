/**
 * The A2A gRPC binding: the SDK's `lf.a2a.v1.A2AService` implementation, handed to the gRPC
 * surface as a registration so it is served, counted, logged, health-checked and drained
 * beside Pixell's AgentService on A2A_PORT.
 */
import type { A2ARequestHandler } from '@a2a-js/sdk/server';
import { A2AService, UserBuilder, grpcService } from '@a2a-js/sdk/server/grpc';
import type { ServiceDefinition, UntypedServiceImplementation } from '@grpc/grpc-js';
import { a2aServiceDescriptors } from './grpc-descriptor.js';

/** The full name health reports and reflection lists. */
export const a2aServiceName = 'lf.a2a.v1.A2AService';

/** The same shape as the gRPC surface's `GrpcServiceRegistration`, without importing it. */
export interface A2AGrpcService {
  readonly name: string;
  readonly definition: ServiceDefinition;
  readonly implementation: UntypedServiceImplementation;
  readonly fileDescriptorProtos: readonly Uint8Array[];
}

export function createA2AGrpcService(requestHandler: A2ARequestHandler): A2AGrpcService {
  const definition = A2AService as unknown as ServiceDefinition;
  return {
    name: a2aServiceName,
    definition,
    implementation: grpcService({ requestHandler, userBuilder: UserBuilder.noAuthentication }),
    fileDescriptorProtos: a2aServiceDescriptors(a2aServiceName, definition),
  };
}
