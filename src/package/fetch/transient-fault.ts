/**
 * The one mark that makes a download fault worth another attempt. Everything else a source
 * throws (a RuntimeError with its own code, or anything unexpected) ends the download at once.
 */

export interface TransientFaultOptions {
  cause?: unknown;
  /** How long the server asked us to wait (`Retry-After`), in ms. */
  retryAfterMs?: number | undefined;
}

/**
 * A fault the next attempt may well not meet: a connection reset, a stall, a truncated body,
 * HTTP 429 or 5xx. Its message is safe to log: it never holds a query string.
 */
export class TransientFault extends Error {
  readonly retryAfterMs: number | undefined;

  constructor(message: string, options: TransientFaultOptions = {}) {
    super(message, { cause: options.cause });
    this.name = 'TransientFault';
    this.retryAfterMs = options.retryAfterMs;
  }
}
