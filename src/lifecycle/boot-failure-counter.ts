/**
 * The consecutive boot failure counter kept in the state folder (`PAR_STATE_DIR`), so the
 * restart backoff survives the container. The Python PAR kept the count in the dying
 * process's environment, so no restart ever backed off. The backoff itself is in backoff.ts.
 * A counter that cannot be read or written is a warning, never a reason not to boot.
 */
import { mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from '../telemetry/index.js';

/** The counter's file name inside the state folder. */
export const bootFailureCounterFile = 'boot-failures.json';

/** What the file holds. Only `consecutive_failures` is read back; the rest is for people. */
export interface BootFailureRecord {
  consecutive_failures: number;
  last_failure_code?: string;
  updated_at: string;
}

export interface BootFailureCounterOptions {
  /** The state folder; without one there is no file and every read gives 0. */
  stateDir: string | undefined;
  logger: Logger;
}

export class BootFailureCounter {
  /** Where the counter lives, or undefined when no state folder is configured. */
  readonly file: string | undefined;
  private readonly logger: Logger;
  /** Whether the file last read says anything but 0, so a good boot must reset it. */
  private needsReset = false;

  constructor(options: BootFailureCounterOptions) {
    this.file =
      options.stateDir === undefined
        ? undefined
        : path.join(options.stateDir, bootFailureCounterFile);
    this.logger = options.logger;
  }

  /** Consecutive failures recorded so far: 0 without a file, or when the file is damaged. */
  async read(): Promise<number> {
    if (this.file === undefined) return 0;

    let text: string;
    try {
      text = await readFile(this.file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 0;
      this.warn('boot failure counter unreadable: counting 0', error);
      this.needsReset = true;
      return 0;
    }

    const count = parseCount(text);
    if (count === undefined) {
      this.logger.warn(
        { file: this.file, expected: '{"consecutive_failures": <integer of at least 0>}' },
        'boot failure counter damaged: counting 0'
      );
      this.needsReset = true;
      return 0;
    }
    this.needsReset = count !== 0;

    return count;
  }

  /**
   * Stores `count` consecutive failures. Written to a temporary file, flushed, then renamed
   * over the old one, so a container killed mid-write leaves the old count or the new one,
   * never half a file.
   */
  async record(count: number, lastFailureCode?: string): Promise<void> {
    if (this.file === undefined) return;
    const record: BootFailureRecord = {
      consecutive_failures: count,
      ...(lastFailureCode === undefined ? {} : { last_failure_code: lastFailureCode }),
      updated_at: new Date().toISOString(),
    };
    try {
      await writeAtomically(this.file, `${JSON.stringify(record)}\n`);
      this.needsReset = count !== 0;
      this.logger.info({ file: this.file, consecutive_failures: count }, 'boot failures recorded');
    } catch (error) {
      this.warn('boot failure counter not written', error);
    }
  }

  /** Back to 0 once the runtime is ready; no write when the file already says 0. */
  async reset(): Promise<void> {
    if (this.needsReset) await this.record(0);
  }

  private warn(message: string, error: unknown): void {
    this.logger.warn({ file: this.file, err: error }, message);
  }
}

function parseCount(text: string): number | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  const count: unknown = (value as Partial<BootFailureRecord> | null)?.consecutive_failures;
  return typeof count === 'number' && Number.isSafeInteger(count) && count >= 0 ? count : undefined;
}

async function writeAtomically(file: string, text: string): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  try {
    const handle = await open(temporary, 'w');
    try {
      await handle.writeFile(text, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temporary, file);
  } catch (error) {
    await rm(temporary, { force: true }).catch(() => undefined);
    throw error;
  }
}
