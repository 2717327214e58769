import { envValue, integerIn } from '../env-value.js';

/** The largest message gRPC allows a server or client by default (4 MiB). */
const defaultMaxMessageBytes = 4 * 1024 * 1024;
/** grpc-js keeps message lengths in a signed 32-bit integer. */
const largestMaxMessageBytes = 2 ** 31 - 1;

/** The A2A gRPC surface; whether it runs at all is GRPC_ENABLED among the surface settings. */
export const grpcSettings = {
  GRPC_MAX_MESSAGE_BYTES: envValue(
    {
      default: String(defaultMaxMessageBytes),
      rule: 'integer 1024-2147483647; larger gRPC messages, either way, get RESOURCE_EXHAUSTED',
    },
    integerIn(1024, largestMaxMessageBytes, defaultMaxMessageBytes)
  ),
};
