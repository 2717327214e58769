import { extractArchive, type ArchiveLimits, type ExtractedArchive } from './archive/index.js';
import type { AcquiredArchive } from './acquire-package.js';

/** An acquired package unpacked into its private folder, ready for its manifest to be read. */
export interface ExtractedPackage {
  readonly root: string;
  readonly origin: string;
  readonly sha256: string;
  readonly archive: Omit<ExtractedArchive, 'root' | 'cleanup'>;
  /** Removes the extracted folder; safe to call more than once. */
  cleanup(): Promise<void>;
}

export interface ExtractPackageOptions {
  limits: ArchiveLimits;
  /** Where the private folder is made; the system temp folder when omitted. */
  parentDir?: string;
  signal?: AbortSignal;
}

/**
 * Unpacks an acquired `.apkg` safely (archive/extract-archive.ts). The folder belongs to the
 * caller, who removes it with `cleanup` on shutdown or a failed boot.
 */
export async function extractPackage(
  acquired: AcquiredArchive,
  options: ExtractPackageOptions
): Promise<ExtractedPackage> {
  const { root, cleanup, ...archive } = await extractArchive({ file: acquired.file, ...options });

  return { root, origin: acquired.origin, sha256: acquired.sha256, archive, cleanup };
}
