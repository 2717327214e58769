export {
  createGrpcSurface,
  type GrpcServiceRegistration,
  type GrpcSurface,
  type GrpcSurfaceOptions,
} from './grpc-surface.js';
export { agentServiceName, healthServiceName } from './proto-files.js';
export { requestIdKey } from './request-id.js';
export { errorCodeKey, grpcStatusFor, toGrpcStatus } from './status-mapping.js';
