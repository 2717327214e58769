import yauzl, { type Entry, type ZipFile } from 'yauzl';
import type { Readable } from 'node:stream';
import { RuntimeError, isRuntimeError } from '../../errors/index.js';

/**
 * yauzl behind promises, opened so that every judgement is ours: names come raw (decoded here
 * with backslashes kept, so the path policy sees them), sizes are not trusted (the inflate
 * meter counts them), and entries are read one at a time.
 */

export interface OpenZip {
  readonly entryCount: number;
  /** The next entry, or undefined at the end of the central directory. */
  nextEntry(): Promise<Entry | undefined>;
  openEntry(entry: Entry): Promise<Readable>;
  close(): void;
}

export async function openZip(file: string): Promise<OpenZip> {
  const zip = await toPromise<ZipFile>((callback) =>
    yauzl.open(
      file,
      { lazyEntries: true, autoClose: false, decodeStrings: false, validateEntrySizes: false },
      callback
    )
  );
  let ended = false;
  let failure: Error | undefined;
  zip.on('end', () => (ended = true));
  // An error can arrive while no entry is being waited for; it is kept for the next wait.
  zip.on('error', (error: Error) => (failure ??= error));

  return {
    entryCount: zip.entryCount,
    nextEntry: () => readNext(zip, () => ({ ended, failure })),
    openEntry: async (entry) => {
      const stream = await toPromise<Readable>((callback) => zip.openReadStream(entry, callback));
      // yauzl's inflate stream can fail before the caller pipes it, or again after the caller's
      // pipeline destroyed it (its destroy leaves zlib running, yauzl issue #27). The pipeline
      // sees errors through its own listener; this one only keeps late ones from crashing us.
      stream.on('error', ignoreLateError);
      return stream;
    },
    close: () => {
      if (zip.isOpen) zip.close();
    },
  };
}

function readNext(
  zip: ZipFile,
  state: () => { ended: boolean; failure: Error | undefined }
): Promise<Entry | undefined> {
  const now = state();
  if (now.failure !== undefined) return Promise.reject(asArchiveError(now.failure));
  if (now.ended) return Promise.resolve(undefined);

  return new Promise((resolve, reject) => {
    const onEntry = (entry: Entry) => settle(() => resolve(entry));
    const onEnd = () => settle(() => resolve(undefined));
    const onError = (error: Error) => settle(() => reject(asArchiveError(error)));
    const settle = (then: () => void) => {
      zip.off('entry', onEntry).off('end', onEnd).off('error', onError);
      then();
    };
    zip.on('entry', onEntry).on('end', onEnd).on('error', onError);
    zip.readEntry();
  });
}

/** The name an entry's header gives, decoded (UTF-8 flag, Info-ZIP Unicode path, or CP437). */
export function entryName(entry: Entry): string {
  const raw = entry.fileName as unknown as Buffer;
  return yauzl.getFileNameLowLevel(entry.generalPurposeBitFlag, raw, entry.extraFields, true);
}

/** Anything yauzl or zlib throws means the bytes are not a zip we can read. */
export function asArchiveError(error: unknown): RuntimeError {
  if (isRuntimeError(error)) return error;
  const message = error instanceof Error ? error.message : String(error);
  if (/encryption/i.test(message)) {
    return new RuntimeError(
      'PAR_ERR_ARCHIVE_ENCRYPTED',
      `expected unencrypted entries, got ${message}`,
      { cause: error }
    );
  }
  return new RuntimeError(
    'PAR_ERR_ARCHIVE_CORRUPT',
    `expected a readable zip file, got ${message}`,
    {
      cause: error,
    }
  );
}

function ignoreLateError(): void {
  // Deliberately empty: see openEntry.
}

function toPromise<T>(
  start: (callback: (error: Error | null, value: T) => void) => void
): Promise<T> {
  return new Promise((resolve, reject) => {
    try {
      start((error, value) => (error ? reject(asArchiveError(error)) : resolve(value)));
    } catch (error) {
      reject(asArchiveError(error));
    }
  });
}
