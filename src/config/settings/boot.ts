import { envValue, integerIn, numberAbove } from '../env-value.js';

/** Boot budgets, the startup deadline and the restart backoff counter. */
export const bootSettings = {
  BOOT_BUDGET_MS: envValue(
    { default: '5000', rule: 'number greater than 0; over it logs a warning' },
    numberAbove(0, true, 5000)
  ),
  BOOT_HARD_LIMIT_MULTIPLIER: envValue(
    { default: '0', rule: 'number of at least 0; 0 turns the hard limit off' },
    numberAbove(0, false, 0)
  ),
  STARTUP_TIMEOUT_SEC: envValue(
    { default: '300', rule: 'number greater than 0; not ready by then is a boot failure' },
    numberAbove(0, true, 300)
  ),
  BOOT_FAILURE_COUNT: envValue(
    { default: '0', rule: 'integer of at least 0: consecutive failures so far' },
    integerIn(0, Number.MAX_SAFE_INTEGER, 0)
  ),
};
