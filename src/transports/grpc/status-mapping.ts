/**
 * The one table from stable error codes to gRPC statuses on the A2A surface. AgentService
 * carries agent failures in its messages (`success = false`, `error_code`) with status OK, as
 * Python clients expect; a status other than OK means the call itself failed (too large, past
 * its deadline, cancelled, or a fault of ours). Services registered on the same server use the
 * same table through `toGrpcStatus`.
 */
import { Metadata, status, type StatusObject } from '@grpc/grpc-js';
import { errorCodeOf, isRuntimeError, type ErrorCode } from '../../errors/index.js';

const grpcStatusByCode: Partial<Record<ErrorCode, status>> = {
  PAR_ERR_GRPC_MESSAGE_TOO_LARGE: status.RESOURCE_EXHAUSTED,
  PAR_ERR_GRPC_DEADLINE_EXCEEDED: status.DEADLINE_EXCEEDED,
  PAR_ERR_GRPC_RESULT_NOT_JSON: status.INTERNAL,
  PAR_ERR_AGENT_ABORTED: status.CANCELLED,
  PAR_ERR_AGENT_ACTION_UNKNOWN: status.NOT_FOUND,
  PAR_ERR_AGENT_NO_ENTRYPOINT: status.UNIMPLEMENTED,
  PAR_ERR_AGENT_HANDLER_FAILED: status.UNKNOWN,
  PAR_ERR_INTERNAL: status.INTERNAL,
};

/** The trailing metadata key that carries the stable code of a failed call. */
export const errorCodeKey = 'par-error-code';

/** The gRPC status for a stable code; INTERNAL for any code the table does not name. */
export function grpcStatusFor(code: ErrorCode): status {
  return grpcStatusByCode[code] ?? status.INTERNAL;
}

/**
 * A thrown value as the status a call ends with. A RuntimeError keeps its message unless it
 * maps to INTERNAL or UNKNOWN (our faults and the agent's: their details stay in the log);
 * anything else is INTERNAL with a generic message. The code travels in `par-error-code`.
 */
export function toGrpcStatus(error: unknown): StatusObject & { errorCode: ErrorCode } {
  const errorCode = isRuntimeError(error) ? errorCodeOf(error) : 'PAR_ERR_INTERNAL';
  const code = grpcStatusFor(errorCode);
  const hidden = code === status.INTERNAL || code === status.UNKNOWN;
  const details = hidden ? 'Internal error' : (error as Error).message;
  const metadata = new Metadata();
  metadata.set(errorCodeKey, errorCode);
  return { code, details, metadata, errorCode };
}

/** The name of a status number, for log lines (`DEADLINE_EXCEEDED`, not 4). */
export function statusName(code: status): string {
  return status[code] ?? `STATUS_${code}`;
}
