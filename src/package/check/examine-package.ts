import type { AcquiredPackage } from '../acquire-package.js';
import type { AgentManifest } from '../agent-manifest.js';
import type { ArchiveLimits } from '../archive/index.js';
import { extractPackage } from '../extract-package.js';
import { asProblem, checkFolder } from './check-folder.js';
import { folderContents, type PackageContents } from './folder-contents.js';
import type { PackageProblem } from './package-problem.js';

/**
 * Everything `par validate` and `par inspect` say about a package: an archive is unpacked under
 * the same limits `par run` uses (its refusals become problems), then the folder is checked.
 * Nothing is left on disk afterwards.
 */

export interface PackageExamination {
  readonly origin: string;
  readonly kind: AcquiredPackage['kind'];
  /** SHA-256 of the archive's bytes; undefined for a folder. */
  readonly sha256: string | undefined;
  /** Undefined when the archive was refused. */
  readonly contents: PackageContents | undefined;
  readonly manifest: AgentManifest | undefined;
  readonly problems: PackageProblem[];
  readonly warnings: string[];
}

export interface ExamineOptions {
  limits: ArchiveLimits;
  /** Where an archive is unpacked for the checks; the system temp folder when omitted. */
  parentDir?: string;
}

export async function examinePackage(
  acquired: AcquiredPackage,
  options: ExamineOptions
): Promise<PackageExamination> {
  const { origin, kind, sha256 } = acquired;
  if (acquired.kind === 'folder') {
    const contents = await folderContents(acquired.root);
    return { origin, kind, sha256, contents, ...(await checkFolder(acquired.root)) };
  }

  let extracted;
  try {
    extracted = await extractPackage(acquired, options);
  } catch (error) {
    const problems = [asProblem(error, 'archive')];
    return {
      origin,
      kind,
      sha256,
      contents: undefined,
      manifest: undefined,
      problems,
      warnings: [],
    };
  }
  try {
    const { archive } = extracted;
    const contents: PackageContents = {
      entryCount: archive.entryCount,
      fileCount: archive.fileCount,
      compressedBytes: archive.compressedBytes,
      uncompressedBytes: archive.extractedBytes,
    };
    return { origin, kind, sha256, contents, ...(await checkFolder(extracted.root)) };
  } finally {
    await extracted.cleanup();
  }
}
