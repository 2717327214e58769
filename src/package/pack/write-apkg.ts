import { createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import yazl from 'yazl';

/**
 * Writes an APKG whose bytes depend only on the files' names and contents: entries in sorted
 * order, one fixed timestamp, fixed modes, deflate at a fixed level, no extra fields and no
 * comment. Packing the same folder twice, on any machine and in any time zone, gives the same
 * SHA-256.
 */

/**
 * 1980-01-01 00:00, the DOS epoch, built from local-time parts: zip stores local time, so
 * this is the same stored value whatever the machine's time zone.
 */
const fixedTimestamp = (): Date => new Date(1980, 0, 1, 0, 0, 0);
const fileMode = 0o100644;
const compressionLevel = 9;

export interface WriteApkgOptions {
  root: string;
  /** Relative POSIX paths, already sorted. */
  files: readonly string[];
  /** The archive to write; replaced atomically, never left half-written. */
  output: string;
}

export async function writeApkg(options: WriteApkgOptions): Promise<void> {
  const { root, files, output } = options;
  const zip = new yazl.ZipFile();
  for (const file of files) {
    zip.addFile(path.join(root, ...file.split('/')), file, {
      mtime: fixedTimestamp(),
      mode: fileMode,
      compress: true,
      compressionLevel,
      forceDosTimestamp: true,
    });
  }
  zip.end();

  const partial = `${output}.partial-${process.pid}`;
  const archive = zip.outputStream as Readable;
  // yazl reports an unreadable input on the ZipFile, not on its output: end the pipeline with it.
  zip.on('error', (error: Error) => archive.destroy(error));
  try {
    await pipeline(archive, createWriteStream(partial, { mode: 0o644 }));
    await rename(partial, output);
  } finally {
    await rm(partial, { force: true });
  }
}
