export { AgentRuntime, type AgentRuntimeOptions } from './agent-runtime.js';
export { bootBackoffMs, maxBackoffSec } from './backoff.js';
export { BootClock, startupPhase, type BootPhase } from './boot-clock.js';
export { startBootDeadline, type BootDeadline } from './boot-deadline.js';
export {
  BootFailureCounter,
  bootFailureCounterFile,
  type BootFailureRecord,
} from './boot-failure-counter.js';
export { exitCodes } from './exit-codes.js';
export { Lifecycle, lifecycleStates } from './lifecycle.js';
export { createMetricsMount, metricsPath } from './metrics-route.js';
export { runRuntime, type RunRuntimeOptions } from './run-runtime.js';
export { readRuntimeVersion } from './runtime-version.js';
export { shutdownSteps } from './shutdown.js';
