/**
 * Downloads the package a PACKAGE_URL names into a private temporary folder: from the digest
 * cache when it holds a verified copy, otherwise from https or s3 with retries inside one
 * deadline. Every path that fails removes the folder before it throws.
 */
import { mkdtempSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { PackageUrl } from '../../config/index.js';
import { RuntimeError } from '../../errors/index.js';
import type { Logger } from '../../telemetry/index.js';
import { writeVerifiedFile, type VerifiedFile } from './download.js';
import { httpsSource } from './https-source.js';
import { toDownloadFault } from './network-fault.js';
import { PackageCache } from './package-cache.js';
import { retryTransient } from './retry.js';
import { s3Source } from './s3-source.js';
import type { OpenedBody, PackageSource } from './source.js';
import { StallTimer } from './stall-timer.js';

export interface FetchPackageOptions {
  url: PackageUrl;
  /** PACKAGE_SHA256, lower-case hex; also the cache key. */
  expectedSha256: string | undefined;
  maxPackageBytes: number;
  /** PACKAGE_FETCH_TIMEOUT_SEC in ms: every attempt and wait included. */
  timeoutMs: number;
  /** PACKAGE_STALL_TIMEOUT_SEC in ms. */
  stallTimeoutMs: number;
  aws: {
    region: string | undefined;
    s3Endpoint: string | undefined;
    s3ForcePathStyle: boolean;
    s3ChecksumMode: 'when_supported' | 'when_required';
  };
  /** PAR_CACHE_DIR; no caching when undefined or when no digest is expected. */
  cacheDir: string | undefined;
  logger: Logger;
  /** Cancels the download (a stop signal, a failed boot); the folder is removed. */
  signal?: AbortSignal | undefined;
  /**
   * Receives the folder's removal as soon as the folder exists, so an owner that stops while
   * the download is still running (shutdown, a boot deadline) can remove it too.
   */
  registerCleanup?: ((cleanup: () => Promise<void>) => void) | undefined;
  /**
   * Where the private temporary folder is made.
   * @default os.tmpdir() (TMPDIR)
   */
  tempRoot?: string | undefined;
}

export interface FetchedPackage {
  /** The verified archive, inside a private folder (mode 0700). */
  file: string;
  /** Lower-case hex SHA-256 of the file. */
  sha256: string;
  bytes: number;
  /** Where it came from, safe to log: scheme, host and path, or bucket and key. */
  origin: string;
  fromCache: boolean;
  /** Removes the private folder; safe to call more than once. */
  cleanup(): Promise<void>;
}

/** The file name of the package inside its private folder. */
export const downloadedFileName = 'package.apkg';

/**
 * Fetches, verifies and returns the package. Throws a RuntimeError with a PAR_ERR_PACKAGE_*
 * code on failure, after removing everything it wrote.
 */
export async function fetchPackage(options: FetchPackageOptions): Promise<FetchedPackage> {
  if (options.signal?.aborted) throw options.signal.reason;
  const source = sourceFor(options);
  // Made and registered in one synchronous step: an owner that cancels and cleans up while this
  // is under way (a boot deadline) either stops us before the folder exists or removes it.
  const folder = mkdtempSync(path.join(options.tempRoot ?? tmpdir(), 'par-package-'));
  const cleanup = () => rm(folder, { recursive: true, force: true });
  const fetching = fetchInto(path.join(folder, downloadedFileName), source, options);
  // The owner cancels before it cleans up; waiting for the cancelled download to settle means
  // nothing is written into the folder after it was removed.
  const settled = fetching.catch(() => undefined);
  options.registerCleanup?.(() => settled.then(cleanup));

  try {
    return { ...(await fetching), cleanup };
  } catch (error) {
    await cleanup();
    throw error;
  } finally {
    source.close?.();
  }
}

async function fetchInto(
  file: string,
  source: PackageSource,
  options: FetchPackageOptions
): Promise<Omit<FetchedPackage, 'cleanup'>> {
  const cache = options.cacheDir === undefined ? undefined : new PackageCache(options.cacheDir);
  const cached = await restoreFromCache(cache, file, options);
  const written = cached ?? (await downloadWithRetries(source, file, options));
  if (cached === undefined) await storeInCache(cache, written, options);

  return {
    file,
    sha256: written.sha256,
    bytes: written.bytes,
    origin: source.description,
    fromCache: cached !== undefined,
  };
}

function sourceFor(options: FetchPackageOptions): PackageSource {
  const { url, aws } = options;
  if (url.kind === 'https') return httpsSource(url.url);

  return s3Source({
    bucket: url.bucket,
    key: url.key,
    region: aws.region,
    endpoint: aws.s3Endpoint,
    forcePathStyle: aws.s3ForcePathStyle,
    checksumMode: aws.s3ChecksumMode,
  });
}

async function downloadWithRetries(
  source: PackageSource,
  file: string,
  options: FetchPackageOptions
): Promise<VerifiedFile> {
  const { logger } = options;
  const startedAt = performance.now();
  let attempts = 0;
  logger.info(
    { ...source.logFields, max_bytes: options.maxPackageBytes, timeout_ms: options.timeoutMs },
    'package download started'
  );

  const written = await retryTransient({
    target: source.description,
    deadlineMs: options.timeoutMs,
    signal: options.signal,
    attempt: (attempt, signal) => {
      attempts = attempt;
      return downloadOnce(source, file, options, signal);
    },
    onRetry: ({ attempt, fault, delayMs, remainingMs }) =>
      logger.warn(
        {
          ...source.logFields,
          attempt,
          retry_in_ms: delayMs,
          remaining_ms: remainingMs,
          err: fault,
        },
        'package download attempt failed'
      ),
  });

  const durationMs = Math.round(performance.now() - startedAt);
  logger.info(
    { ...source.logFields, bytes: written.bytes, sha256: written.sha256, attempts, durationMs },
    'package downloaded'
  );
  return written;
}

async function downloadOnce(
  source: PackageSource,
  file: string,
  options: FetchPackageOptions,
  signal: AbortSignal
): Promise<VerifiedFile> {
  const stall = new StallTimer(options.stallTimeoutMs, signal);
  // Aborted when the attempt ends, so a body left unread (refused before reading) is released.
  const ended = new AbortController();
  const attemptSignal = AbortSignal.any([stall.signal, ended.signal]);
  let opened: OpenedBody | undefined;

  try {
    opened = await source.open({ signal: attemptSignal, onProgress: () => stall.touch() });
    return await writeVerifiedFile({
      ...opened,
      maxBytes: options.maxPackageBytes,
      expectedSha256: options.expectedSha256,
      file,
      source: source.description,
      onProgress: () => stall.touch(),
      signal: attemptSignal,
    });
  } catch (error) {
    throw toDownloadFault(error, source.description, stall);
  } finally {
    stall.stop();
    ended.abort();
    if (opened !== undefined) discardBody(opened.body);
  }
}

/** Releases a body that may not have been read to the end; harmless once it was. */
function discardBody(body: AsyncIterable<Uint8Array>): void {
  const stream = body as { destroy?: () => void; cancel?: () => Promise<void>; locked?: boolean };
  if (typeof stream.destroy === 'function') stream.destroy();
  else if (typeof stream.cancel === 'function' && stream.locked === false) {
    stream.cancel().catch(() => {
      // Already closed or errored: nothing left to release.
    });
  }
}

/** A verified copy of the cached entry, or undefined when there is none worth using. */
async function restoreFromCache(
  cache: PackageCache | undefined,
  file: string,
  options: FetchPackageOptions
): Promise<VerifiedFile | undefined> {
  const sha256 = options.expectedSha256;
  if (cache === undefined || sha256 === undefined) return undefined;
  const entry = cache.entryPath(sha256);
  const opened = await cache.open(sha256);
  if (opened === undefined) {
    options.logger.info({ sha256, entry }, 'package cache miss');
    return undefined;
  }

  try {
    const written = await writeVerifiedFile({
      ...opened,
      maxBytes: options.maxPackageBytes,
      expectedSha256: sha256,
      file,
      source: `the cache entry ${entry}`,
      signal: options.signal,
    });
    options.logger.info({ sha256, entry, bytes: written.bytes }, 'package cache hit');
    return written;
  } catch (error) {
    discardBody(opened.body);
    if (options.signal?.aborted) throw options.signal.reason;
    const damaged =
      error instanceof RuntimeError && error.code === 'PAR_ERR_PACKAGE_CHECKSUM_MISMATCH';
    if (damaged) await cache.discard(sha256).catch(() => undefined);
    options.logger.warn(
      { sha256, entry, discarded: damaged, err: error },
      'package cache entry not used: downloading'
    );
    return undefined;
  }
}

/** Cache problems never fail a boot: the package is already verified and on disk. */
async function storeInCache(
  cache: PackageCache | undefined,
  written: VerifiedFile,
  options: FetchPackageOptions
): Promise<void> {
  if (cache === undefined || options.expectedSha256 === undefined) return;
  try {
    const entry = await cache.store(written.sha256, written.file);
    options.logger.info({ sha256: written.sha256, entry }, 'package cached');
  } catch (error) {
    options.logger.warn({ sha256: written.sha256, err: error }, 'package cache write failed');
  }
}
