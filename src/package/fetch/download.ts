/**
 * Writes one package body to disk: as a partial file next to its final name, counting bytes
 * against the size cap and hashing on the same pass, then renamed atomically once complete.
 * On any failure the partial file is removed. Where the bytes come from lives in the sources.
 */
import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { open, rename, rm } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import { RuntimeError } from '../../errors/index.js';
import { TransientFault } from './transient-fault.js';

export interface WriteVerifiedFileOptions {
  body: AsyncIterable<Uint8Array>;
  /** The length the source announced (Content-Length), checked against what arrives. */
  declaredBytes: number | undefined;
  maxBytes: number;
  /** Lower-case hex SHA-256 the bytes must have, when known. */
  expectedSha256: string | undefined;
  /** The final path; the body is written to `${file}.partial` first. */
  file: string;
  /** What is being written, safe to show (no query string). */
  source: string;
  /** Called after every chunk, so stall detection sees progress. */
  onProgress?: (bytesSoFar: number) => void;
  signal?: AbortSignal | undefined;
}

export interface VerifiedFile {
  file: string;
  bytes: number;
  /** Lower-case hex SHA-256 of the bytes written. */
  sha256: string;
}

/**
 * Streams `body` into `file` without holding it in memory.
 * @throws RuntimeError PAR_ERR_PACKAGE_TOO_LARGE past `maxBytes` (declared or received),
 * PAR_ERR_PACKAGE_CHECKSUM_MISMATCH on a wrong digest; TransientFault for a truncated body.
 */
export async function writeVerifiedFile(options: WriteVerifiedFileOptions): Promise<VerifiedFile> {
  const { declaredBytes, maxBytes } = options;
  if (declaredBytes !== undefined && declaredBytes > maxBytes) {
    throw tooLarge(options, `a declared Content-Length of ${declaredBytes} bytes`);
  }

  const partial = `${options.file}.partial`;
  try {
    const { bytes, sha256 } = await streamToFile(options, partial);
    checkLength(options, bytes);
    checkDigest(options, sha256);
    await syncFile(partial);
    await rename(partial, options.file);

    return { file: options.file, bytes, sha256 };
  } catch (error) {
    await rm(partial, { force: true });
    throw error;
  }
}

async function streamToFile(options: WriteVerifiedFileOptions, partial: string) {
  const hash = createHash('sha256');
  let bytes = 0;

  // Counting and hashing sit between the source and the file, so an oversize body is cut
  // off at the first chunk past the cap, whatever it declared.
  async function* countAndHash(source: AsyncIterable<Uint8Array>) {
    for await (const chunk of source) {
      bytes += chunk.byteLength;
      if (bytes > options.maxBytes) throw tooLarge(options, `more than ${options.maxBytes} bytes`);
      hash.update(chunk);
      options.onProgress?.(bytes);
      yield chunk;
    }
  }
  const file = createWriteStream(partial, { flags: 'wx', mode: 0o600 });
  await pipeline(options.body, countAndHash, file, { signal: options.signal });

  return { bytes, sha256: hash.digest('hex') };
}

function checkLength(options: WriteVerifiedFileOptions, bytes: number): void {
  const { declaredBytes } = options;
  if (declaredBytes === undefined || bytes === declaredBytes) return;
  throw new TransientFault(
    `expected ${declaredBytes} bytes (Content-Length) from ${options.source}, got ${bytes}`
  );
}

function checkDigest(options: WriteVerifiedFileOptions, sha256: string): void {
  const expected = options.expectedSha256?.toLowerCase();
  if (expected === undefined || expected === sha256) return;
  throw new RuntimeError(
    'PAR_ERR_PACKAGE_CHECKSUM_MISMATCH',
    `expected SHA-256 ${expected} (PACKAGE_SHA256) for ${options.source}, got ${sha256}`,
    { details: { expected, actual: sha256 } }
  );
}

/** Flushed before the rename, so a crash never leaves a complete name on incomplete bytes. */
async function syncFile(file: string): Promise<void> {
  const handle = await open(file, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

function tooLarge(options: WriteVerifiedFileOptions, got: string): RuntimeError {
  const megabytes = options.maxBytes / (1024 * 1024);
  return new RuntimeError(
    'PAR_ERR_PACKAGE_TOO_LARGE',
    `expected ${options.source} to be at most ${options.maxBytes} bytes ` +
      `(MAX_PACKAGE_SIZE_MB=${megabytes}), got ${got}`
  );
}
