import { envValue, numberAbove, oneOf } from '../env-value.js';

/** How a PACKAGE_URL download behaves: its deadline, stall detection and S3 checksum mode. */
export const packageFetchSettings = {
  PACKAGE_FETCH_TIMEOUT_SEC: envValue(
    { default: '120', rule: 'number greater than 0; the whole download, retries included' },
    numberAbove(0, true, 120)
  ),
  PACKAGE_STALL_TIMEOUT_SEC: envValue(
    { default: '30', rule: 'number greater than 0; no bytes for this long is a stall' },
    numberAbove(0, true, 30)
  ),
  S3_CHECKSUM_MODE: envValue(
    { default: 'when_supported', rule: 'when_supported or when_required, any case' },
    oneOf(['when_supported', 'when_required'] as const, 'when_supported')
  ),
};
