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
