export { acquirePackage, type AcquiredPackage } from './acquire-package.js';
export type { AgentManifest, SubAgent } from './agent-manifest.js';
export type { AgentPackage } from './agent-package.js';
export {
  isPythonReference,
  manifestFileName,
  parseManifest,
  readManifest,
  type ManifestProblem,
} from './read-manifest.js';
export {
  installDependencies,
  installStampName,
  npmCiArgs,
  pruneCache,
  readCacheInfo,
  redactNpmOutput,
  warmCache,
  type CacheEntryInfo,
  type CacheInfo,
  type EntryMarker,
  type InstallDependenciesOptions,
  type InstallOutcome,
  type PruneResult,
  type WarmResult,
} from './dependencies/index.js';
