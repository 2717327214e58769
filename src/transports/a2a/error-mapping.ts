/**
 * Every error the A2A transport sends, in one place: agent failures as the text of a failed
 * task, and JSON-RPC errors with the HTTP status their answer carries. A2A errors keep the
 * SDK's codes (A2A §5.4); anything unexpected is an internal error whose cause is only logged.
 */
import { A2AError, A2A_ERROR_CODE } from '@a2a-js/sdk/errors';
import { JsonRpcTransportHandler } from '@a2a-js/sdk/server';
import { LegacyJsonRpcTransportHandler } from '@a2a-js/sdk/compat/v0_3/server';
import { errorCodeOf, isRuntimeError, type ErrorCode } from '../../errors/index.js';

/** A JSON-RPC 2.0 error object. */
export interface JsonRpcError {
  readonly code: number;
  readonly message: string;
  readonly data?: unknown;
}

/** A JSON-RPC error ready to send: its object and the HTTP status of the answer. */
export interface JsonRpcFailure {
  readonly error: JsonRpcError;
  readonly httpStatus: number;
  /** Ours or the agent's fault: the cause belongs in the log at error level. */
  readonly serverFault: boolean;
}

/**
 * The wire failures PAR decides itself, before a request reaches the SDK. JSON-RPC answers
 * errors with HTTP 200 (as the SDK's own server does); a body too large to read is 413 and an
 * internal error 500, so proxies and metrics see them.
 */
const wireFailures = {
  parse: { code: A2A_ERROR_CODE.PARSE_ERROR, httpStatus: 200 },
  invalidRequest: { code: A2A_ERROR_CODE.INVALID_REQUEST, httpStatus: 200 },
  contentType: { code: A2A_ERROR_CODE.CONTENT_TYPE_NOT_SUPPORTED, httpStatus: 200 },
  bodyTooLarge: { code: A2A_ERROR_CODE.INVALID_REQUEST, httpStatus: 413 },
} as const;

export type WireFailure = keyof typeof wireFailures;

/** A failure of the request itself: malformed JSON, a wrong envelope, a body too large. */
export function wireFailure(kind: WireFailure, message: string): JsonRpcFailure {
  const { code, httpStatus } = wireFailures[kind];
  return { error: { code, message }, httpStatus, serverFault: false };
}

/**
 * Any error thrown while answering: A2A errors (unknown task, unsupported version, ...) with
 * their own code and the version's error shape, anything else as a generic internal error.
 */
export function jsonRpcFailure(error: unknown, legacy: boolean): JsonRpcFailure {
  if (!(error instanceof A2AError)) {
    return {
      error: { code: A2A_ERROR_CODE.INTERNAL_ERROR, message: 'Internal error' },
      httpStatus: 500,
      serverFault: true,
    };
  }
  const mapped = legacy
    ? LegacyJsonRpcTransportHandler.mapToLegacyJSONRPCError(error)
    : JsonRpcTransportHandler.mapToJSONRPCError(error);
  const serverFault = mapped.code === A2A_ERROR_CODE.INTERNAL_ERROR;

  return { error: mapped, httpStatus: serverFault ? 500 : 200, serverFault };
}

/** Codes whose message is safe and useful to the client; others get a generic sentence. */
const messagesShown = new Set<ErrorCode>([
  'PAR_ERR_AGENT_NO_ENTRYPOINT',
  'PAR_ERR_AGENT_ACTION_UNKNOWN',
  'PAR_ERR_AGENT_ABORTED',
]);

/** Why a task failed, as its status message says it. */
export interface TaskFailure {
  readonly code: ErrorCode;
  /** Safe to send: never the message of an unexpected error. */
  readonly message: string;
  /** The agent's or our fault (logged at error), not the caller's or the shutdown's. */
  readonly serverFault: boolean;
}

/** How a failed task explains itself: the stable code and a message safe to send. */
export function taskFailureOf(error: unknown): TaskFailure {
  const code = isRuntimeError(error) ? errorCodeOf(error) : 'PAR_ERR_INTERNAL';
  if (messagesShown.has(code)) {
    return { code, message: (error as Error).message, serverFault: false };
  }
  const message =
    code === 'PAR_ERR_AGENT_HANDLER_FAILED'
      ? 'The agent failed to handle the request'
      : 'Internal error';
  return { code, message, serverFault: true };
}
