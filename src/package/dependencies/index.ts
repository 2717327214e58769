export {
  installDependencies,
  type InstallDependenciesOptions,
  type InstallOutcome,
} from './install-dependencies.js';
export {
  pruneCache,
  readCacheInfo,
  warmCache,
  type CacheEntryInfo,
  type CacheInfo,
  type PruneOptions,
  type PruneResult,
  type WarmOptions,
  type WarmResult,
} from './cache-maintenance.js';
export { cacheKeyFormat, type CacheKeyParts } from './cache-key.js';
export type { EntryMarker } from './cache-entry.js';
export { installStampName } from './package-install.js';
export { npmCiArgs } from './run-npm.js';
export { redactNpmOutput } from './npm-output.js';
