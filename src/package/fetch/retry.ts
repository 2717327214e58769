/**
 * Retries of transient download faults: exponential backoff with jitter, all inside one total
 * deadline. What counts as transient is decided by the sources (TransientFault); this file only
 * decides when to try again and when to give up.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { RuntimeError } from '../../errors/index.js';
import { TransientFault } from './transient-fault.js';

/** The first wait between attempts, before jitter. */
export const retryBaseDelayMs = 250;
/** No single wait is longer than this, whatever the attempt number. */
export const retryMaxDelayMs = 8000;

export interface RetryInfo {
  /** The attempt that failed, from 1. */
  attempt: number;
  fault: TransientFault;
  delayMs: number;
  remainingMs: number;
}

export interface RetryOptions<T> {
  /** One attempt; `signal` aborts when the deadline passes or the caller cancels. */
  attempt: (attemptNumber: number, signal: AbortSignal) => Promise<T>;
  /** The whole budget, attempts and waits included. */
  deadlineMs: number;
  /** What is being fetched, safe to show (no query string). */
  target: string;
  /** Cancels everything at once (a stop signal, a failed boot); its reason is rethrown. */
  signal?: AbortSignal | undefined;
  onRetry?: (info: RetryInfo) => void;
  /** A number in [0, 1); replaced in tests. */
  random?: () => number;
}

/**
 * The wait after failed attempt `attempt` (from 1): half of the exponential step for sure, the
 * other half at random ("equal jitter"), so a fleet restarting together spreads out.
 */
export function backoffDelayMs(attempt: number, random: () => number = Math.random): number {
  const step = Math.min(retryMaxDelayMs, retryBaseDelayMs * 2 ** (attempt - 1));

  return Math.round(step / 2 + (random() * step) / 2);
}

/**
 * Runs `attempt` until it succeeds, throws something other than a TransientFault, or the
 * deadline leaves no room for another try.
 * @throws RuntimeError PAR_ERR_PACKAGE_DOWNLOAD_TIMEOUT when the deadline passes mid-attempt,
 * PAR_ERR_PACKAGE_DOWNLOAD_FAILED when transient faults outlast it.
 */
export async function retryTransient<T>(options: RetryOptions<T>): Promise<T> {
  const { deadlineMs, signal: outer } = options;
  const startedAt = performance.now();
  const deadline = new AbortController();
  // Not unref()'d: the deadline must fire even when the attempt holds no socket; always cleared.
  const timer = setTimeout(() => deadline.abort(), deadlineMs);
  const signal = outer === undefined ? deadline.signal : AbortSignal.any([outer, deadline.signal]);
  const remainingMs = () => deadlineMs - (performance.now() - startedAt);

  try {
    for (let attempt = 1; ; attempt += 1) {
      let fault: TransientFault;
      try {
        return await options.attempt(attempt, signal);
      } catch (error) {
        if (outer?.aborted) throw outer.reason;
        if (deadline.signal.aborted) throw timeoutError(options, attempt);
        if (!(error instanceof TransientFault)) throw error;
        fault = error;
      }

      const delayMs = Math.max(backoffDelayMs(attempt, options.random), fault.retryAfterMs ?? 0);
      if (delayMs >= remainingMs()) throw exhaustedError(options, attempt, fault);
      options.onRetry?.({ attempt, fault, delayMs, remainingMs: Math.round(remainingMs()) });
      await sleep(delayMs, undefined, { signal }).catch(() => {
        if (outer?.aborted) throw outer.reason;
        throw exhaustedError(options, attempt, fault);
      });
    }
  } finally {
    clearTimeout(timer);
  }
}

/** What the attempt threw then is only the abort the deadline caused, so it is left out. */
function timeoutError(options: RetryOptions<unknown>, attempts: number) {
  const seconds = options.deadlineMs / 1000;
  return new RuntimeError(
    'PAR_ERR_PACKAGE_DOWNLOAD_TIMEOUT',
    `expected ${options.target} within ${seconds} s (PACKAGE_FETCH_TIMEOUT_SEC), got still ` +
      `downloading in attempt ${attempts} when it passed`
  );
}

function exhaustedError(options: RetryOptions<unknown>, attempts: number, last: TransientFault) {
  const seconds = options.deadlineMs / 1000;
  return new RuntimeError(
    'PAR_ERR_PACKAGE_DOWNLOAD_FAILED',
    `expected ${options.target} within ${seconds} s (PACKAGE_FETCH_TIMEOUT_SEC), got ` +
      `${attempts} failed attempt(s) and no time left for another; last fault: ${last.message}`,
    { details: { attempts } }
  );
}
