export {
  acquireLocal,
  acquirePackage,
  type AcquiredArchive,
  type AcquiredFolder,
  type AcquiredPackage,
  type AcquireOptions,
} from './acquire-package.js';
export type { AgentManifest, SubAgent } from './agent-manifest.js';
export type { AgentPackage } from './agent-package.js';
export {
  defaultArchiveLimits,
  extractArchive,
  safeEntryPath,
  type ArchiveLimits,
  type ExtractArchiveOptions,
  type ExtractedArchive,
} from './archive/index.js';
export {
  extractPackage,
  type ExtractedPackage,
  type ExtractPackageOptions,
} from './extract-package.js';
export { sha256OfFile } from './hash-file.js';
export { resolveModuleReference, type ModuleReference } from './module-reference.js';
export {
  manifestFileName,
  parseManifest,
  readManifest,
  type ManifestProblem,
} from './read-manifest.js';
export { assertHostable, isPythonReference, runtimeFamilyOf } from './runtime-family.js';
export {
  checkFolder,
  examinePackage,
  folderContents,
  type ExamineOptions,
  type FolderCheck,
  type PackageContents,
  type PackageExamination,
  type PackageProblem,
} from './check/index.js';
export { packFolder, type PackFolderOptions, type PackResult } from './pack/index.js';
export {
  isInsideFolder,
  kitUiFolder,
  resolveUiFolder,
  uiIndexFile,
  type UiFolder,
} from './ui-folder.js';
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
