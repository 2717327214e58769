/**
 * The UI surface's one table from error codes to HTTP statuses, and its error handler. Bodies
 * use the same envelope as the REST surface, so a client reads every error the same way.
 */
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { RuntimeError, errorCodeOf, isRuntimeError, type ErrorCode } from '../../errors/index.js';

const httpStatusByCode: Partial<Record<ErrorCode, number>> = {
  PAR_ERR_UI_PATH_REFUSED: 400,
  PAR_ERR_UI_ASSET_NOT_FOUND: 404,
  PAR_ERR_REST_NOT_FOUND: 404,
  PAR_ERR_REST_BAD_REQUEST: 400,
};

/** The JSON body of every error the UI surface sends. */
export interface UiErrorBody {
  error: { code: ErrorCode; message: string };
  request_id: string;
}

/** Answers `reply` with the envelope and the status the table gives `code` (or `statusCode`). */
export function sendUiError(
  reply: FastifyReply,
  code: ErrorCode,
  message: string,
  statusCode = httpStatusByCode[code] ?? 500
): FastifyReply {
  const body: UiErrorBody = { error: { code, message }, request_id: reply.request.id };
  return reply.status(statusCode).header('cache-control', 'no-store').send(body);
}

/** A UI file that must be reported as absent: missing, hidden, or outside the UI folder. */
export function assetNotFound(urlPath: string): RuntimeError {
  return new RuntimeError(
    'PAR_ERR_UI_ASSET_NOT_FOUND',
    `expected a UI file at ${urlPath}, got none`
  );
}

/**
 * The error handler for UI routes: our codes by the table, the static file sender's own 4xx
 * (a range it cannot satisfy, say) as a bad request, and anything else as a logged 500.
 */
export function handleUiError(
  error: FastifyError,
  request: FastifyRequest,
  reply: FastifyReply
): FastifyReply {
  if (isRuntimeError(error)) {
    const code = errorCodeOf(error);
    request.log.info({ code, reason: error.message }, 'request rejected');
    return sendUiError(reply, code, error.message);
  }
  const status = error.statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    request.log.info({ statusCode: status, reason: error.message }, 'request rejected');
    return sendUiError(reply, 'PAR_ERR_REST_BAD_REQUEST', error.message, status);
  }
  request.log.error({ err: error, code: 'PAR_ERR_INTERNAL' }, 'request failed');
  return sendUiError(reply, 'PAR_ERR_INTERNAL', 'Internal error');
}
