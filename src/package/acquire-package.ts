import { stat } from 'node:fs/promises';
import type { PackageUrl, RuntimeConfig } from '../config/index.js';
import { RuntimeError } from '../errors/index.js';
import type { Logger } from '../telemetry/index.js';
import { fetchPackage } from './fetch/index.js';

/** What every acquired package has: where it came from and how to remove what was made. */
interface AcquiredBase {
  /** Where it came from, safe to log (no query strings). */
  readonly origin: string;
  /** SHA-256 of the archive, when the package arrived as one. */
  readonly sha256: string | undefined;
  /** Removes whatever acquisition created; safe to call more than once. */
  cleanup(): Promise<void>;
}

/** A package already extracted on local disk, before its manifest is read. */
export interface AcquiredFolder extends AcquiredBase {
  readonly kind: 'folder';
  /** Absolute path of the extracted folder. */
  readonly root: string;
}

/** An `.apkg` archive on local disk (verified when downloaded) that still needs extracting. */
export interface AcquiredArchive extends AcquiredBase {
  readonly kind: 'archive';
  /** Absolute path of the archive file. */
  readonly file: string;
  readonly sha256: string;
}

export type AcquiredPackage = AcquiredFolder | AcquiredArchive;

export interface AcquireOptions {
  logger: Logger;
  /** Cancels a download in progress (a stop signal, a failed boot). */
  signal?: AbortSignal | undefined;
  /** Receives the removal of a download's folder as soon as it exists, before it completes. */
  registerCleanup?: ((cleanup: () => Promise<void>) => void) | undefined;
}

const nothingToClean = (): Promise<void> => Promise.resolve();

/**
 * Finds the package named by the configuration. `AGENT_PACKAGE_PATH` wins over `PACKAGE_URL`.
 * An extracted folder is used in place and never deleted; a URL is downloaded and verified into
 * a private temporary folder that `cleanup` removes.
 */
export async function acquirePackage(
  config: RuntimeConfig,
  options: AcquireOptions
): Promise<AcquiredPackage> {
  const { path: packagePath, url } = config.packageSource;
  if (packagePath !== undefined) return acquireLocal(packagePath);
  if (url !== undefined) return acquireUrl(config, url, options);
  throw new RuntimeError(
    'PAR_ERR_PACKAGE_SOURCE_MISSING',
    'expected AGENT_PACKAGE_PATH, PACKAGE_URL or `par run PATH`, got none'
  );
}

async function acquireUrl(
  config: RuntimeConfig,
  url: PackageUrl,
  options: AcquireOptions
): Promise<AcquiredArchive> {
  const fetched = await fetchPackage({
    url,
    expectedSha256: config.packageSource.sha256,
    maxPackageBytes: config.packageSource.maxPackageBytes,
    timeoutMs: config.packageFetch.timeoutMs,
    stallTimeoutMs: config.packageFetch.stallTimeoutMs,
    aws: config.aws,
    cacheDir: config.storage.cacheDir,
    logger: options.logger,
    signal: options.signal,
    registerCleanup: options.registerCleanup,
  });

  return {
    kind: 'archive',
    file: fetched.file,
    origin: fetched.origin,
    sha256: fetched.sha256,
    cleanup: () => fetched.cleanup(),
  };
}

async function acquireLocal(packagePath: string): Promise<AcquiredFolder> {
  const info = await stat(packagePath).catch((error: unknown) => {
    throw new RuntimeError('PAR_ERR_PACKAGE_NOT_FOUND', `expected ${packagePath} to exist`, {
      cause: error,
    });
  });
  if (!info.isDirectory()) {
    throw new RuntimeError(
      'PAR_ERR_PACKAGE_UNSUPPORTED',
      `expected an extracted package folder, got a file at ${packagePath}`
    );
  }
  return {
    kind: 'folder',
    root: packagePath,
    origin: packagePath,
    sha256: undefined,
    cleanup: nothingToClean,
  };
}
