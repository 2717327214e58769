import { stat } from 'node:fs/promises';
import type { RuntimeConfig } from '../config/index.js';
import { describePackageUrl } from '../config/index.js';
import { RuntimeError } from '../errors/index.js';

/** A package located on local disk, before its manifest is read. */
export interface AcquiredPackage {
  /** Absolute path of the extracted folder. */
  readonly root: string;
  readonly origin: string;
  readonly sha256: string | undefined;
  cleanup(): Promise<void>;
}

const nothingToClean = (): Promise<void> => Promise.resolve();

/**
 * Finds the package named by the configuration. `AGENT_PACKAGE_PATH` wins over `PACKAGE_URL`.
 * An extracted folder is used in place and never deleted.
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

async function acquireLocal(packagePath: string): Promise<AcquiredPackage> {
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
  return { root: packagePath, origin: packagePath, sha256: undefined, cleanup: nothingToClean };
}
