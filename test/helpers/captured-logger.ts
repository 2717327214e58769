/** A real pino logger (the runtime's own, redaction included) whose lines tests read back. */
import { createLogger, type Logger } from '../../src/telemetry/index.js';

export interface CapturedLogger {
  logger: Logger;
  /** Every line written so far, as raw JSON text. */
  lines: string[];
  /** The lines parsed. */
  records(): Array<Record<string, unknown>>;
}

export function captureLogs(): CapturedLogger {
  const lines: string[] = [];
  const { logger } = createLogger({
    level: 'debug',
    format: 'json',
    destination: { write: (line: string) => lines.push(line) },
  });
  return {
    logger,
    lines,
    records: () => lines.map((line) => JSON.parse(line) as Record<string, unknown>),
  };
}
