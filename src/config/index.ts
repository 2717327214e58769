export { loadArchiveLimits, type ArchiveLimitSettings } from './archive-limits.js';
export { normaliseBasePath, routePrefix } from './base-path.js';
export {
  formatConfigProblems,
  loadConfig,
  loadInstallSettings,
  type ConfigProblem,
  type LoadedConfig,
} from './load-config.js';
export {
  describePackageUrl,
  isValidS3BucketName,
  parsePackageUrl,
  redactUrlText,
  type PackageUrl,
} from './package-url.js';
export type { InstallSettings, RuntimeConfig } from './runtime-config.js';
export { envSchema, settingDoc, settingGroups, settingNames } from './schema.js';
export type { LogLevel } from './settings/logging.js';
