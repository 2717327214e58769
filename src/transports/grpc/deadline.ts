import type { Deadline } from '@grpc/grpc-js';

/**
 * How close to its deadline a cancelled call counts as one that ran out of time. A client's
 * own deadline timer usually fires first and resets the stream a moment before ours does:
 * the server's deadline is the `grpc-timeout` it received, counted from arrival.
 */
const deadlineSlackMs = 1000;

/** Whether a call with this deadline, cancelled now, was cancelled by its deadline. */
export function deadlineReached(deadline: Deadline): boolean {
  const deadlineMs = deadline instanceof Date ? deadline.getTime() : deadline;
  return Number.isFinite(deadlineMs) && deadlineMs - Date.now() <= deadlineSlackMs;
}
