export { AgentRuntime, type AgentRuntimeOptions } from './agent-runtime.js';
export { bootBackoffMs, maxBackoffSec } from './backoff.js';
export { BootClock, type BootPhase } from './boot-clock.js';
export { exitCodes } from './exit-codes.js';
export { Lifecycle } from './lifecycle.js';
export { runRuntime, type RunRuntimeOptions } from './run-runtime.js';
export { readRuntimeVersion } from './runtime-version.js';
