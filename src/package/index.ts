export {
  acquirePackage,
  type AcquiredArchive,
  type AcquiredFolder,
  type AcquiredPackage,
  type AcquireOptions,
} from './acquire-package.js';
export type { AgentManifest, SubAgent } from './agent-manifest.js';
export type { AgentPackage } from './agent-package.js';
export {
  isPythonReference,
  manifestFileName,
  parseManifest,
  readManifest,
  type ManifestProblem,
} from './read-manifest.js';
