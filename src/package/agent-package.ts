import type { AgentManifest } from './agent-manifest.js';

/** A package ready to load: an extracted folder on local disk and its manifest. */
export interface AgentPackage {
  /** Absolute path of the extracted package root (the folder holding agent.yaml). */
  readonly root: string;
  readonly manifest: AgentManifest;
  /** Where it came from, safe to log (no query strings). */
  readonly origin: string;
  /** SHA-256 of the archive, when the package arrived as one. */
  readonly sha256: string | undefined;
  /** Removes whatever the runtime created for this package; safe to call more than once. */
  cleanup(): Promise<void>;
}
