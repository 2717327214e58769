import { errorCatalogue, isErrorCode, type ErrorCode } from './codes.js';

export interface RuntimeErrorOptions {
  /** Structured facts about the failure; logged, and shown to clients only by choice. */
  details?: Record<string, unknown>;
  cause?: unknown;
}

/**
 * The one error type the runtime raises on purpose. Its `code` is stable and documented; its
 * message says what was expected and what arrived. Transports decide what reaches the wire.
 */
export class RuntimeError extends Error {
  readonly code: ErrorCode;
  readonly details: Record<string, unknown> | undefined;

  constructor(code: ErrorCode, message?: string, options: RuntimeErrorOptions = {}) {
    super(message ?? errorCatalogue[code], { cause: options.cause });
    this.name = 'RuntimeError';
    this.code = code;
    this.details = options.details;
  }
}

export function isRuntimeError(error: unknown): error is RuntimeError {
  return error instanceof RuntimeError || (error instanceof Error && isErrorCode(codeOf(error)));
}

/** The stable code of any thrown value: its own when it has one, PAR_ERR_INTERNAL otherwise. */
export function errorCodeOf(error: unknown): ErrorCode {
  const code = codeOf(error);
  return isErrorCode(code) ? code : 'PAR_ERR_INTERNAL';
}

/** A message for any thrown value, for logs. */
export function errorMessageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function codeOf(error: unknown): unknown {
  return typeof error === 'object' && error !== null && 'code' in error ? error.code : undefined;
}
