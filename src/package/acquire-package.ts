import { stat } from 'node:fs/promises';
import type { PackageUrl, RuntimeConfig } from '../config/index.js';
import { RuntimeError } from '../errors/index.js';
import type { Logger } from '../telemetry/index.js';
import { fetchPackage } from './fetch/index.js';
import { sha256OfFile } from './hash-file.js';

/** What every acquired package has: where it came from and how to remove what was made. */
interface AcquiredBase {
  /** Where it came from, safe to log (no query strings). */
  readonly origin: string;
  /** Removes whatever acquisition created (a download); safe to call more than once. */
  cleanup(): Promise<void>;
}

/** An extracted package folder, used in place. */
export interface AcquiredFolder extends AcquiredBase {
  readonly kind: 'folder';
  /** Absolute path of the folder holding agent.yaml. */
  readonly root: string;
  readonly sha256: undefined;
}

/** An `.apkg` file on local disk (verified when downloaded) still to be extracted. */
export interface AcquiredArchive extends AcquiredBase {
  readonly kind: 'archive';
  /** Absolute path of the archive on local disk. */
  readonly file: string;
  /** Lowercase hex SHA-256 of the archive's bytes. */
  readonly sha256: string;
}

/** A package on local disk, before it is extracted and its manifest read. */
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
 * A folder is used in place and never deleted; a local file is taken for an archive and hashed;
 * a URL is downloaded and verified into a private temporary folder that `cleanup` removes.
 */
export async function acquirePackage(
  config: RuntimeConfig,
  options: AcquireOptions
): Promise<AcquiredPackage> {
  const { path: packagePath, url } = config.packageSource;
  if (packagePath !== undefined) {
    const local = await acquireLocal(packagePath);
    checkLocalDigest(local, config.packageSource.sha256);
    return local;
  }
  if (url !== undefined) return acquireUrl(config, url, options);
  throw new RuntimeError(
    'PAR_ERR_PACKAGE_SOURCE_MISSING',
    'expected AGENT_PACKAGE_PATH, PACKAGE_URL or `par run PATH`, got none'
  );
}

/**
 * PACKAGE_SHA256 pins a local archive too, so a copied-in file is checked like a download. A
 * folder has no archive bytes to hash; the digest does not apply to it.
 */
function checkLocalDigest(local: AcquiredPackage, expected: string | undefined): void {
  if (local.kind !== 'archive' || expected === undefined || expected === local.sha256) return;
  throw new RuntimeError(
    'PAR_ERR_PACKAGE_CHECKSUM_MISMATCH',
    `expected SHA-256 ${expected} (PACKAGE_SHA256) for ${local.origin}, got ${local.sha256}`,
    { details: { expected, actual: local.sha256 } }
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

/** A local folder or `.apkg` file (also what `par validate` and `par inspect` start from). */
export async function acquireLocal(packagePath: string): Promise<AcquiredPackage> {
  const info = await stat(packagePath).catch((error: unknown) => {
    throw new RuntimeError('PAR_ERR_PACKAGE_NOT_FOUND', `expected ${packagePath} to exist`, {
      cause: error,
    });
  });
  if (info.isDirectory()) {
    return {
      kind: 'folder',
      root: packagePath,
      origin: packagePath,
      sha256: undefined,
      cleanup: nothingToClean,
    };
  }
  if (!info.isFile()) {
    throw new RuntimeError(
      'PAR_ERR_PACKAGE_UNSUPPORTED',
      `expected a package folder or an .apkg file at ${packagePath}, got neither`
    );
  }

  const sha256 = await sha256OfFile(packagePath);
  return {
    kind: 'archive',
    file: packagePath,
    origin: packagePath,
    sha256,
    cleanup: nothingToClean,
  };
}
