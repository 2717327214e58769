export { ConnectionDrain } from './connection-drain.js';
export { listenWithFallback, type ListeningAddress } from './listen.js';
export type { BootStats, LifecycleState, RuntimeStatus, SurfaceName } from './runtime-status.js';
export type { Surface } from './surface.js';
