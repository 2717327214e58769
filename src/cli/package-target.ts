import path from 'node:path';
import { loadArchiveLimits } from '../config/index.js';
import { acquireLocal, type AcquiredPackage, type ArchiveLimits } from '../package/index.js';

/**
 * The one seam between a command's PACKAGE argument and a package on local disk: `par validate`
 * and `par inspect` both start here. Today it takes a folder or an `.apkg` file; downloads
 * (https://, s3://) plug in here and return an `archive` the same way.
 */
export async function openPackageTarget(argument: string): Promise<AcquiredPackage> {
  return acquireLocal(path.resolve(argument));
}

/** The archive limits `par run` would apply, read from the same environment variables. */
export function archiveLimitsFromEnv(env: NodeJS.ProcessEnv): ArchiveLimits {
  return loadArchiveLimits(env);
}
