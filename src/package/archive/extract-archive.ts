import { constants } from 'node:fs';
import { chmod, mkdir, mkdtemp, open, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { Entry } from 'yauzl';
import { RuntimeError } from '../../errors/index.js';
import { defaultArchiveLimits, ratioFloorBytes, type ArchiveLimits } from './archive-limits.js';
import { EntryRegistry } from './entry-registry.js';
import { safeEntryPath } from './entry-path.js';
import { entryTypeOf } from './entry-type.js';
import { InflateMeter, ratioError, type InflateTally } from './inflate-meter.js';
import { entryName, openZip, type OpenZip } from './zip-file.js';

/**
 * Unpacks an `.apkg` into a fresh private folder, refusing anything hostile (see
 * docs/packages.md#safe-extraction). Either the whole archive lands inside that folder, or the
 * folder is removed and a RuntimeError with a PAR_ERR_ARCHIVE_* code says why.
 */

export interface ExtractArchiveOptions {
  /** The `.apkg` (zip) file. */
  file: string;
  /** Where the private folder is made; the system temp folder when omitted. */
  parentDir?: string;
  limits?: ArchiveLimits;
  /** Stops between entries when aborted (a boot that is being cancelled). */
  signal?: AbortSignal;
}

export interface ExtractedArchive {
  /** The private folder (mode 0700) holding the unpacked tree. */
  readonly root: string;
  readonly entryCount: number;
  readonly fileCount: number;
  readonly compressedBytes: number;
  /** Bytes actually inflated and written. */
  readonly extractedBytes: number;
  /** Removes the folder and everything in it; safe to call more than once. */
  readonly cleanup: () => Promise<void>;
}

/** Files are created, never opened through a link, and never overwrite anything. */
const createFlags =
  constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW;

export async function extractArchive(options: ExtractArchiveOptions): Promise<ExtractedArchive> {
  const limits = options.limits ?? defaultArchiveLimits;
  await checkFileSize(options.file, limits);

  const root = await mkdtemp(path.join(options.parentDir ?? tmpdir(), 'par-package-'));
  const cleanup = () => rm(root, { recursive: true, force: true });
  try {
    await chmod(root, 0o700);
    const zip = await openZip(options.file);
    try {
      const totals = await extractEntries(zip, root, limits, options.signal);
      return { root, ...totals, cleanup };
    } finally {
      zip.close();
    }
  } catch (error) {
    await cleanup();
    throw error;
  }
}

async function checkFileSize(file: string, limits: ArchiveLimits): Promise<void> {
  const info = await stat(file);
  if (info.size > limits.maxPackageBytes) {
    throw new RuntimeError(
      'PAR_ERR_ARCHIVE_TOO_LARGE',
      `expected an archive of at most ${limits.maxPackageBytes} bytes (MAX_PACKAGE_SIZE_MB), ` +
        `got ${info.size}`,
      { details: { sizeBytes: info.size, limitBytes: limits.maxPackageBytes } }
    );
  }
}

async function extractEntries(
  zip: OpenZip,
  root: string,
  limits: ArchiveLimits,
  signal: AbortSignal | undefined
) {
  // The central directory states its entry count up front: refuse before reading any entry.
  if (zip.entryCount > limits.maxEntries) throw tooManyEntries(zip.entryCount, limits);

  const registry = new EntryRegistry();
  const folders = new FolderMaker();
  const tally: InflateTally = { extractedBytes: 0 };
  let entryCount = 0;
  let fileCount = 0;
  let compressedBytes = 0;
  for (let entry = await zip.nextEntry(); entry; entry = await zip.nextEntry()) {
    signal?.throwIfAborted();
    entryCount += 1;
    if (entryCount > limits.maxEntries) throw tooManyEntries(entryCount, limits);

    const name = entryName(entry);
    const entryPath = safeEntryPath(name);
    const type = entryTypeOf(entry, name, entryPath.isDirectory);
    registry.claim(entryPath.path, type.isDirectory);
    const target = path.join(root, entryPath.path);
    if (type.isDirectory) {
      await folders.make(target);
      continue;
    }

    checkDeclaredSizes(entry, name, limits, tally);
    await folders.make(path.dirname(target));
    await writeEntry({ zip, entry, name, target, mode: type.fileMode, limits, tally });
    fileCount += 1;
    compressedBytes += entry.compressedSize;
  }

  return { entryCount, fileCount, compressedBytes, extractedBytes: tally.extractedBytes };
}

/** Makes folders (mode 0755) once each: most entries share their parent with the one before. */
class FolderMaker {
  private readonly made = new Set<string>();

  async make(folder: string): Promise<void> {
    if (this.made.has(folder)) return;
    await mkdir(folder, { recursive: true, mode: 0o755 });
    this.made.add(folder);
  }
}

/** A header that already admits to a bomb is refused before a byte is inflated. */
function checkDeclaredSizes(
  entry: Entry,
  name: string,
  limits: ArchiveLimits,
  tally: InflateTally
): void {
  const declared = entry.uncompressedSize;
  if (tally.extractedBytes + declared > limits.maxExtractedBytes) {
    throw new RuntimeError(
      'PAR_ERR_ARCHIVE_TOO_LARGE',
      `expected the archive to inflate to at most ${limits.maxExtractedBytes} bytes ` +
        `(MAX_EXTRACTED_SIZE_MB), got ${JSON.stringify(name)} declaring ${declared} more`,
      { details: { entry: name, limitBytes: limits.maxExtractedBytes } }
    );
  }
  const ratio = declared / Math.max(entry.compressedSize, 1);
  if (declared > ratioFloorBytes && ratio > limits.maxCompressionRatio) {
    throw ratioError(name, limits.maxCompressionRatio, entry.compressedSize, declared);
  }
}

interface WriteEntryOptions {
  zip: OpenZip;
  entry: Entry;
  name: string;
  target: string;
  mode: number;
  limits: ArchiveLimits;
  tally: InflateTally;
}

async function writeEntry(options: WriteEntryOptions): Promise<void> {
  const { zip, entry, name, target, mode, limits, tally } = options;
  const file = await open(target, createFlags, mode);
  const data = await zip.openEntry(entry).catch(async (error: unknown) => {
    await file.close();
    throw error;
  });
  const meter = new InflateMeter({
    name,
    compressedBytes: entry.compressedSize,
    declaredBytes: entry.uncompressedSize,
    declaredCrc32: entry.crc32,
    limits,
    tally,
  });
  await pipeline(data, meter, file.createWriteStream()).catch((error: unknown) => {
    throw asEntryError(error, name);
  });
}

function asEntryError(error: unknown, name: string): unknown {
  if (error instanceof RuntimeError) return error;
  // Filesystem trouble on our side (disk full, permissions) is not the archive's fault.
  if (error instanceof Error && 'syscall' in error) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new RuntimeError(
    'PAR_ERR_ARCHIVE_CORRUPT',
    `expected entry ${JSON.stringify(name)} to inflate cleanly, got ${message}`,
    { cause: error, details: { entry: name } }
  );
}

function tooManyEntries(count: number, limits: ArchiveLimits): RuntimeError {
  return new RuntimeError(
    'PAR_ERR_ARCHIVE_TOO_MANY_ENTRIES',
    `expected at most ${limits.maxEntries} entries (MAX_PACKAGE_ENTRIES), got ${count}`,
    { details: { entryCount: count, limitEntries: limits.maxEntries } }
  );
}
