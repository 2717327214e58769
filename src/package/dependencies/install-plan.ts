/**
 * Decides what a package's dependencies need: nothing (the code is bundled, or node_modules is
 * shipped or already installed from the same key), or an install from its lockfile under the
 * configured policy (install scripts, offline mode).
 */
import { RuntimeError } from '../../errors/index.js';
import { cacheKeyOf, type CacheKey } from './cache-key.js';
import { assertLockfileMatches } from './lockfile-sync.js';
import { readInstallStamp } from './package-install.js';
import {
  lockfileNames,
  productionDependencyCount,
  readPackageFiles,
  type Lockfile,
  type PackageJson,
} from './package-files.js';

export type InstallPlan =
  | { readonly kind: 'none'; readonly reason: string; readonly key?: CacheKey }
  | {
      readonly kind: 'npm';
      readonly packageJson: PackageJson;
      readonly lockfile: Lockfile;
      readonly key: CacheKey;
      readonly installScripts: boolean;
      /** Locked packages that have install scripts which will not run. */
      readonly skippedScripts: readonly string[];
    };

export interface PlanOptions {
  readonly root: string;
  /** The manifest's `node.install_scripts`. */
  readonly scriptsRequested: boolean;
  /** PAR_ALLOW_INSTALL_SCRIPTS. */
  readonly scriptsAllowed: boolean;
}

export async function planInstall(options: PlanOptions): Promise<InstallPlan> {
  const { packageJson, lockfile, hasNodeModules } = await readPackageFiles(options.root);
  if (packageJson === undefined) return { kind: 'none', reason: 'no package.json' };
  if (productionDependencyCount(packageJson) === 0) {
    return { kind: 'none', reason: 'package.json has no dependencies (bundled code)' };
  }

  const stamp = hasNodeModules ? await readInstallStamp(options.root) : undefined;
  if (hasNodeModules && stamp === undefined) {
    return { kind: 'none', reason: 'the package ships node_modules' };
  }
  if (lockfile === undefined) {
    throw new RuntimeError(
      'PAR_ERR_INSTALL_LOCKFILE_MISSING',
      `expected ${lockfileNames.join(' or ')} next to package.json, which declares ` +
        `${productionDependencyCount(packageJson)} dependencies; got none`
    );
  }
  assertLockfileMatches(packageJson, lockfile);
  if (options.scriptsRequested && !options.scriptsAllowed) {
    throw new RuntimeError(
      'PAR_ERR_INSTALL_SCRIPTS_REFUSED',
      'expected PAR_ALLOW_INSTALL_SCRIPTS=true for a package whose agent.yaml asks for ' +
        'install scripts (node.install_scripts: true), got false'
    );
  }

  const installScripts = options.scriptsRequested && options.scriptsAllowed;
  const key = cacheKeyOf(lockfile, installScripts);
  if (stamp?.key === key.id) {
    return { kind: 'none', reason: 'node_modules already installed for this key', key };
  }
  return {
    kind: 'npm',
    packageJson,
    lockfile,
    key,
    installScripts,
    skippedScripts: installScripts ? [] : packagesWithScripts(lockfile),
  };
}

function packagesWithScripts(lockfile: Lockfile): string[] {
  const packages = lockfile.data.packages ?? {};
  return Object.entries(packages)
    .filter(([location, entry]) => location !== '' && entry.hasInstallScript === true && !entry.dev)
    .map(([location]) => location.replace(/^.*node_modules\//, ''));
}
