/** The longest wait before a failed boot exits, in seconds. */
export const maxBackoffSec = 60;

/**
 * The wait before a failed boot exits: none for the first failure, then `min(60, 2^n)` seconds
 * where n counts consecutive failures so far, so a crash-looping container slows down.
 */
export function bootBackoffMs(consecutiveFailures: number): number {
  if (consecutiveFailures <= 0) return 0;
  return Math.min(maxBackoffSec, 2 ** consecutiveFailures) * 1000;
}
