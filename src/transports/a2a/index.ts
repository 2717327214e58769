export {
  createA2AProtocol,
  type A2AProtocol,
  type A2AProtocolOptions,
  type A2ARestMount,
} from './a2a-protocol.js';
export { buildAgentCard } from './agent-card.js';
export { a2aServiceName, type A2AGrpcService } from './grpc-registration.js';
export { jsonRpcPath, publicUrls, type PublicUrls } from './public-urls.js';
export { BoundedTaskStore, type BoundedTaskStoreOptions } from './task-store.js';
