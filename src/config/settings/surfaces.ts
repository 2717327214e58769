import { normaliseBasePath } from '../base-path.js';
import { envValue, flag, integerIn, Rejection } from '../env-value.js';

const port = (fallback: number) =>
  envValue(
    { default: String(fallback), rule: 'integer 1-65535; no clashes' },
    integerIn(1, 65535, fallback)
  );

/** The three surfaces: ports, multiplexing, base path and limits. */
export const surfaceSettings = {
  REST_PORT: port(8080),
  A2A_PORT: port(50051),
  UI_PORT: port(3000),
  BIND_HOST: envValue(
    { default: '::', rule: 'address to listen on; `::` falls back to 0.0.0.0 without IPv6' },
    (raw) => {
      const host = raw?.trim() ?? '::';
      return host === '' ? new Rejection('an IP address or host name') : host;
    }
  ),
  MULTIPLEXED: envValue(
    { default: 'true', rule: 'true/false, 1/0, yes/no, on/off, any case' },
    flag(true)
  ),
  BASE_PATH: envValue(
    { default: '/', rule: 'normalised to /a/b; letters, digits, / _ . - only; no // or ..' },
    normaliseBasePath
  ),
  GRPC_ENABLED: envValue(
    { default: 'true', rule: 'true/false; false serves no gRPC surface' },
    flag(true)
  ),
  MAX_REQUEST_BODY_BYTES: envValue(
    { default: '1048576', rule: 'integer 1-1073741824; larger REST bodies get 413' },
    integerIn(1, 1024 * 1024 * 1024, 1024 * 1024)
  ),
};
