export { createLogger, type Logger, type LoggerOptions, type RuntimeLogger } from './logger.js';
export { isSecretKey, redactUrlsInText, redactValue, redacted } from './redact.js';
export {
  RuntimeMetrics,
  type RequestObservation,
  type RequestObserver,
  type RuntimeMetricsOptions,
} from './metrics.js';
