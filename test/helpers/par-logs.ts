import type { ParProcess } from './par-process.js';
import { waitUntil } from './http-calls.js';

type LogRecord = Record<string, unknown>;

/** Log records with message `message`. */
export function recordsWith(par: ParProcess, message: string): LogRecord[] {
  return par.records().filter((record) => record.msg === message);
}

/** Waits until `par` has logged `message` at least `count` times; fails early if it exits. */
export async function waitForCount(
  par: ParProcess,
  message: string,
  count: number,
  timeoutMs = 30_000
): Promise<void> {
  await waitUntil(
    () => {
      if (par.child.exitCode !== null) throw new Error(`par exited early:\n${par.output()}`);
      return recordsWith(par, message).length >= count;
    },
    `${count} "${message}" lines`,
    timeoutMs,
    50
  );
}

/** The `shutdown step completed` record of `step`. */
export function shutdownStep(par: ParProcess, step: string): LogRecord | undefined {
  return recordsWith(par, 'shutdown step completed').find((record) => record.step === step);
}

/** Waits for the `shutdown step completed` record of `step`. */
export function waitForShutdownStep(par: ParProcess, step: string): Promise<LogRecord> {
  return par.waitForRecord(
    (record) => record.msg === 'shutdown step completed' && record.step === step,
    30_000
  );
}

/** Waits for the lifecycle to reach `state`. */
export function waitForState(par: ParProcess, state: string): Promise<LogRecord> {
  return par.waitForRecord(
    (record) => record.msg === 'lifecycle state changed' && record.to === state,
    30_000
  );
}
