import type { Entry } from 'yauzl';
import { RuntimeError } from '../../errors/index.js';

/**
 * What kind of thing an entry is, from its header fields: a file, a folder, or something PAR
 * refuses (a link or device, an encrypted entry, a compression method it cannot read).
 */

/** Hosts whose external attributes carry a unix mode in the high 16 bits (APPNOTE 4.4.2). */
const unixHosts = new Set([3, 19]); // unix, OS X
const typeMask = 0o170000;
const regularFile = 0o100000;
const directory = 0o040000;
const symlink = 0o120000;

const stored = 0;
const deflated = 8;
const encryptedFlag = 0x1;

export interface EntryType {
  readonly isDirectory: boolean;
  /** The mode the file is written with: 0o755 when the owner could execute it, else 0o644. */
  readonly fileMode: number;
}

/** Refuses links, special files, encryption and unknown compression; else says what to write. */
export function entryTypeOf(entry: Entry, name: string, nameIsDirectory: boolean): EntryType {
  const mode = unixHosts.has(entry.versionMadeBy >> 8) ? entry.externalFileAttributes >>> 16 : 0;
  const type = mode & typeMask;
  if (type === symlink) {
    throw new RuntimeError(
      'PAR_ERR_ARCHIVE_SYMLINK',
      `expected regular files and folders, got a symbolic link at ${JSON.stringify(name)}`,
      { details: { entry: name } }
    );
  }
  if (type !== 0 && type !== regularFile && type !== directory) {
    throw new RuntimeError(
      'PAR_ERR_ARCHIVE_SYMLINK',
      `expected regular files and folders, got a special file (mode 0o${mode.toString(8)}) ` +
        `at ${JSON.stringify(name)}`,
      { details: { entry: name } }
    );
  }
  if ((entry.generalPurposeBitFlag & encryptedFlag) !== 0) {
    throw new RuntimeError(
      'PAR_ERR_ARCHIVE_ENCRYPTED',
      `expected unencrypted entries, got an encrypted one at ${JSON.stringify(name)}`,
      { details: { entry: name } }
    );
  }
  if (entry.compressionMethod !== stored && entry.compressionMethod !== deflated) {
    throw new RuntimeError(
      'PAR_ERR_ARCHIVE_CORRUPT',
      `expected compression method 0 (stored) or 8 (deflate), got ${entry.compressionMethod} ` +
        `at ${JSON.stringify(name)}`,
      { details: { entry: name } }
    );
  }

  const isDirectory = nameIsDirectory || type === directory;
  if (isDirectory && entry.uncompressedSize > 0) {
    throw new RuntimeError(
      'PAR_ERR_ARCHIVE_CORRUPT',
      `expected a folder entry to hold no data, got ${entry.uncompressedSize} bytes ` +
        `at ${JSON.stringify(name)}`,
      { details: { entry: name } }
    );
  }

  // Only the owner's execute bit carries over: never setuid, setgid, sticky or group/other write.
  return { isDirectory, fileMode: (mode & 0o100) !== 0 ? 0o755 : 0o644 };
}
