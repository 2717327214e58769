import { envValue, oneOf } from '../env-value.js';

export const logLevels = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'] as const;
export type LogLevel = (typeof logLevels)[number];

export const loggingSettings = {
  LOG_LEVEL: envValue(
    { default: 'info', rule: 'trace, debug, info, warn, error, fatal or silent' },
    oneOf(logLevels, 'info')
  ),
  LOG_FORMAT: envValue(
    { default: 'json', rule: 'json, or pretty for people at a terminal' },
    oneOf(['json', 'pretty'] as const, 'json')
  ),
};
