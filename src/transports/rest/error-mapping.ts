import type { FastifyError } from 'fastify';
import { errorCodeOf, isRuntimeError, type ErrorCode } from '../../errors/index.js';

/** The one table from stable error codes to HTTP statuses on the REST surface. */
const httpStatusByCode: Partial<Record<ErrorCode, number>> = {
  PAR_ERR_REST_NOT_FOUND: 404,
  PAR_ERR_REST_BAD_REQUEST: 400,
  PAR_ERR_REST_BODY_TOO_LARGE: 413,
  PAR_ERR_REST_UNSUPPORTED_MEDIA_TYPE: 415,
  PAR_ERR_REST_NOT_READY: 503,
  PAR_ERR_AGENT_NO_ENTRYPOINT: 404,
  PAR_ERR_AGENT_ACTION_UNKNOWN: 404,
  PAR_ERR_AGENT_HANDLER_FAILED: 500,
  PAR_ERR_AGENT_ABORTED: 503,
};

/** fastify's own request errors, by their FST_ERR code. */
const codeByFastifyCode: Record<string, ErrorCode> = {
  FST_ERR_CTP_BODY_TOO_LARGE: 'PAR_ERR_REST_BODY_TOO_LARGE',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'PAR_ERR_REST_UNSUPPORTED_MEDIA_TYPE',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'PAR_ERR_REST_BAD_REQUEST',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'PAR_ERR_REST_BAD_REQUEST',
  FST_ERR_CTP_INVALID_JSON_BODY: 'PAR_ERR_REST_BAD_REQUEST',
};

export interface HttpError {
  statusCode: number;
  code: ErrorCode;
  /** Safe to send: never the message of an unexpected error. */
  message: string;
  /** Whether the failure is ours (5xx) and its cause belongs in the log at error level. */
  serverFault: boolean;
}

export function toHttpError(error: unknown): HttpError {
  if (isRuntimeError(error)) {
    const code = errorCodeOf(error);
    const statusCode = httpStatusByCode[code] ?? 500;
    const message =
      statusCode >= 500 && code !== 'PAR_ERR_AGENT_ABORTED'
        ? genericMessage(code)
        : (error as Error).message;
    return { statusCode, code, message, serverFault: statusCode >= 500 };
  }
  const fastifyError = error as Partial<FastifyError>;
  const mapped = fastifyError.code ? codeByFastifyCode[fastifyError.code] : undefined;
  if (mapped !== undefined) {
    return {
      statusCode: httpStatusByCode[mapped] ?? 400,
      code: mapped,
      message: fastifyError.message ?? 'Bad request',
      serverFault: false,
    };
  }
  const status = fastifyError.statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    return {
      statusCode: status,
      code: status === 404 ? 'PAR_ERR_REST_NOT_FOUND' : 'PAR_ERR_REST_BAD_REQUEST',
      message: fastifyError.message ?? 'Bad request',
      serverFault: false,
    };
  }
  return {
    statusCode: 500,
    code: 'PAR_ERR_INTERNAL',
    message: 'Internal error',
    serverFault: true,
  };
}

function genericMessage(code: ErrorCode): string {
  return code === 'PAR_ERR_AGENT_HANDLER_FAILED'
    ? 'The agent failed to handle the request'
    : 'Internal error';
}

/** The JSON body of every REST error. */
export function errorEnvelope(
  code: ErrorCode,
  message: string,
  requestId: string
): { error: { code: ErrorCode; message: string }; request_id: string } {
  return { error: { code, message }, request_id: requestId };
}
