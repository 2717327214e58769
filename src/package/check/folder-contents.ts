import { lstat, readdir } from 'node:fs/promises';
import path from 'node:path';

/** How much a package holds, as `par inspect` shows it. */
export interface PackageContents {
  /** Files and folders (an archive's entries). */
  readonly entryCount: number;
  readonly fileCount: number;
  /** Bytes in the archive's entries; undefined for a folder. */
  readonly compressedBytes: number | undefined;
  /** Bytes of every file once unpacked. */
  readonly uncompressedBytes: number;
}

/** Counts a folder's files and folders and adds up file sizes; links are counted, not followed. */
export async function folderContents(root: string): Promise<PackageContents> {
  const entries = await readdir(root, { recursive: true, withFileTypes: true });
  let fileCount = 0;
  let uncompressedBytes = 0;
  for (const entry of entries) {
    if (!entry.isFile()) continue;
    fileCount += 1;
    uncompressedBytes += (await lstat(path.join(entry.parentPath, entry.name))).size;
  }

  return { entryCount: entries.length, fileCount, compressedBytes: undefined, uncompressedBytes };
}
