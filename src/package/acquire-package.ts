import { stat } from 'node:fs/promises';
import type { RuntimeConfig } from '../config/index.js';
import { describePackageUrl } from '../config/index.js';
import { RuntimeError } from '../errors/index.js';
import { sha256OfFile } from './hash-file.js';

interface AcquiredBase {
  /** Where it came from, safe to log (no query strings). */
  readonly origin: string;
  /** Removes whatever acquiring created (a download); safe to call more than once. */
  cleanup(): Promise<void>;
}

/** An extracted package folder, used in place. */
export interface AcquiredFolder extends AcquiredBase {
  readonly kind: 'folder';
  /** Absolute path of the folder holding agent.yaml. */
  readonly root: string;
  readonly sha256: undefined;
}

/** An `.apkg` file still to be extracted (extractPackage). */
export interface AcquiredArchive extends AcquiredBase {
  readonly kind: 'archive';
  /** Absolute path of the archive on local disk. */
  readonly file: string;
  /** Lowercase hex SHA-256 of the archive's bytes. */
  readonly sha256: string;
}

/** A package on local disk, before it is extracted and its manifest read. */
export type AcquiredPackage = AcquiredFolder | AcquiredArchive;

const nothingToClean = (): Promise<void> => Promise.resolve();

/**
 * Finds the package named by the configuration. `AGENT_PACKAGE_PATH` wins over `PACKAGE_URL`.
 * A folder is used in place and never deleted; a file is taken for an archive and hashed.
 */
export async function acquirePackage(config: RuntimeConfig): Promise<AcquiredPackage> {
  const { path: packagePath, url } = config.packageSource;
  if (packagePath !== undefined) return acquireLocal(packagePath);
  if (url !== undefined) {
    throw new RuntimeError(
      'PAR_ERR_PACKAGE_UNSUPPORTED',
      `expected a local package; downloading ${describePackageUrl(url)} is not supported yet`
    );
  }
  throw new RuntimeError(
    'PAR_ERR_PACKAGE_SOURCE_MISSING',
    'expected AGENT_PACKAGE_PATH, PACKAGE_URL or `par run PATH`, got none'
  );
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
