export { declaredSurfaces } from './builtin-routes.js';
export { errorEnvelope, toHttpError, type HttpError } from './error-mapping.js';
export { isSaneRequestId, requestIdFor, requestIdHeader } from './request-id.js';
export {
  createRestSurface,
  type RestMount,
  type RestSurface,
  type RestSurfaceOptions,
} from './rest-surface.js';
export {
  createBootHealthServer,
  type BootHealthServer,
  type BootHealthServerOptions,
} from './boot-health-server.js';
