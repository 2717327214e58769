/**
 * Whether a lockfile still matches package.json, checked before npm runs: `npm ci` would
 * refuse a stale lockfile too, but only after trying the registry, so offline or with an
 * unreachable registry it reports a network error instead of the real problem.
 */
import { RuntimeError } from '../../errors/index.js';
import type { Lockfile, PackageJson } from './package-files.js';

const comparedFields = ['dependencies', 'devDependencies', 'optionalDependencies'] as const;

/** Throws PAR_ERR_INSTALL_LOCKFILE_MISMATCH naming the first dependency that differs. */
export function assertLockfileMatches(packageJson: PackageJson, lockfile: Lockfile): void {
  // lockfileVersion 1 records no root entry; npm itself checks those.
  const root = lockfile.data.packages?.[''];
  if (root === undefined) return;

  for (const field of comparedFields) {
    const wanted = packageJson[field] ?? {};
    const locked = root[field] ?? {};
    const names = new Set([...Object.keys(wanted), ...Object.keys(locked)]);
    for (const name of [...names].sort()) {
      if (wanted[name] === locked[name]) continue;
      throw new RuntimeError(
        'PAR_ERR_INSTALL_LOCKFILE_MISMATCH',
        `expected ${lockfile.fileName} to match package.json: ${field}.${name} is ` +
          `${describeSpec(wanted[name])} in package.json but ${describeSpec(locked[name])} ` +
          'in the lockfile; run npm install and rebuild the package',
        { details: { field, dependency: name } }
      );
    }
  }
}

function describeSpec(spec: string | undefined): string {
  return spec === undefined ? 'absent' : JSON.stringify(spec);
}
