import pino, { type DestinationStream, type Logger } from 'pino';
import pretty from 'pino-pretty';
import type { LogLevel } from '../config/index.js';
import { redactUrlsInText, redactValue } from './redact.js';

export type { Logger } from 'pino';

export interface LoggerOptions {
  level: LogLevel;
  format: 'json' | 'pretty';
  agentAppId?: string | undefined;
  deploymentId?: string | undefined;
  /** Where lines go; stdout when omitted. Tests pass a stream to read lines back. */
  destination?: DestinationStream;
}

export interface RuntimeLogger {
  logger: Logger;
  /** Writes out anything buffered; call before the process exits. */
  readonly flush: () => void;
  /**
   * Resolves once every line logged so far has been written, in order, or after `timeoutMs`.
   * Await it before the last `flush`: a synchronous flush while an asynchronous write is still
   * in flight puts the newer lines first, and exiting then can lose the older ones.
   */
  readonly settle: (timeoutMs: number) => Promise<void>;
}

/**
 * The runtime's logger: one JSON object per line, `agentAppId` (and `deploymentId` when set)
 * on every line, secrets redacted from every logged object, errors under `err`.
 */
export function createLogger(options: LoggerOptions): RuntimeLogger {
  const destination = options.destination ?? defaultDestination(options.format);
  const base: Record<string, string> = {};
  if (options.agentAppId !== undefined) base.agentAppId = options.agentAppId;
  if (options.deploymentId !== undefined) base.deploymentId = options.deploymentId;

  const logger = pino(
    {
      level: options.level,
      base,
      messageKey: 'msg',
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: {
        level: (label) => ({ level: label }),
        log: (object) => redactValue(object) as Record<string, unknown>,
      },
      serializers: { err: serializeError },
    },
    destination
  );
  // Only the default JSON destination writes asynchronously; the others are synchronous.
  const asynchronous = options.destination === undefined && options.format === 'json';
  return {
    logger,
    flush: () => flushDestination(destination),
    settle: (timeoutMs) =>
      asynchronous ? settleDestination(destination as SonicBoom, timeoutMs) : Promise.resolve(),
  };
}

function defaultDestination(format: 'json' | 'pretty'): DestinationStream {
  if (format === 'pretty') {
    return pretty({ sync: true, colorize: process.stdout.isTTY, translateTime: 'SYS:HH:MM:ss.l' });
  }
  return pino.destination({ dest: 1, sync: false });
}

function flushDestination(destination: DestinationStream): void {
  const flushable = destination as DestinationStream & { flushSync?: () => void };
  try {
    flushable.flushSync?.();
  } catch {
    // A destination that is not ready yet has nothing buffered worth saving.
  }
}

type SonicBoom = ReturnType<typeof pino.destination>;

/**
 * An empty write always ends in a `drain` event from sonic-boom: at once when it is idle,
 * after the lines already queued otherwise. Waiting for it waits for every earlier line.
 */
function settleDestination(destination: SonicBoom, timeoutMs: number): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, timeoutMs);
    function done() {
      clearTimeout(timer);
      destination.off('drain', done);
      resolve();
    }
    destination.once('drain', done);
    destination.write('');
  });
}

function serializeError(error: unknown): unknown {
  const serialized = pino.stdSerializers.err(error as Error) as unknown as Record<string, unknown>;
  if (typeof serialized.message === 'string') {
    serialized.message = redactUrlsInText(serialized.message);
  }
  if (typeof serialized.stack === 'string') serialized.stack = redactUrlsInText(serialized.stack);
  return serialized;
}
