import { envValue, numberAbove } from '../env-value.js';

/** The drain after SIGTERM or SIGINT. */
export const shutdownSettings = {
  GRACEFUL_SHUTDOWN_TIMEOUT_SEC: envValue(
    { default: '30', rule: 'number of at least 0: grace for in-flight work' },
    numberAbove(0, false, 30)
  ),
  SHUTDOWN_DRAIN_DELAY_SEC: envValue(
    { default: '0', rule: 'number of at least 0: wait after 503 before closing listeners' },
    numberAbove(0, false, 0)
  ),
  AGENT_SHUTDOWN_TIMEOUT_SEC: envValue(
    { default: '10', rule: "number of at least 0: deadline for the agent's shutdown hook" },
    numberAbove(0, false, 10)
  ),
};
