/**
 * The files of a package that decide its npm dependencies: package.json, the lockfile, and
 * whether node_modules is already there (shipped by the author, or put there by PAR).
 */
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { RuntimeError } from '../../errors/index.js';

/** The package.json fields that say what npm installs. */
export interface PackageJson {
  readonly name?: string;
  readonly dependencies?: Record<string, string>;
  readonly devDependencies?: Record<string, string>;
  readonly optionalDependencies?: Record<string, string>;
  readonly peerDependencies?: Record<string, string>;
  readonly [field: string]: unknown;
}

export interface Lockfile {
  /** `npm-shrinkwrap.json` or `package-lock.json`. */
  readonly fileName: string;
  readonly text: string;
  readonly data: LockfileData;
}

export interface LockfileData {
  readonly lockfileVersion?: number;
  readonly name?: string;
  readonly version?: string;
  readonly packages?: Record<string, LockfilePackage>;
  readonly [field: string]: unknown;
}

export interface LockfilePackage {
  readonly name?: string;
  readonly version?: string;
  readonly dependencies?: Record<string, string>;
  readonly devDependencies?: Record<string, string>;
  readonly optionalDependencies?: Record<string, string>;
  readonly hasInstallScript?: boolean;
  readonly dev?: boolean;
  readonly [field: string]: unknown;
}

export interface PackageFiles {
  readonly packageJson: PackageJson | undefined;
  readonly lockfile: Lockfile | undefined;
  readonly hasNodeModules: boolean;
}

/** npm's own precedence: a shrinkwrap wins over a package lock. */
export const lockfileNames = ['npm-shrinkwrap.json', 'package-lock.json'] as const;

export async function readPackageFiles(root: string): Promise<PackageFiles> {
  const packageJson = await readJson<PackageJson>(root, 'package.json');
  let lockfile: Lockfile | undefined;
  for (const fileName of lockfileNames) {
    const text = await readText(path.join(root, fileName));
    if (text === undefined) continue;
    lockfile = { fileName, text, data: parseJson<LockfileData>(text, fileName) };
    break;
  }
  const nodeModules = await stat(path.join(root, 'node_modules')).catch(() => undefined);
  return { packageJson, lockfile, hasNodeModules: nodeModules?.isDirectory() ?? false };
}

/** Dependencies a production install puts in node_modules (devDependencies are omitted). */
export function productionDependencyCount(packageJson: PackageJson): number {
  return (
    Object.keys(packageJson.dependencies ?? {}).length +
    Object.keys(packageJson.optionalDependencies ?? {}).length
  );
}

async function readJson<T>(root: string, fileName: string): Promise<T | undefined> {
  const text = await readText(path.join(root, fileName));
  return text === undefined ? undefined : parseJson<T>(text, fileName);
}

async function readText(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

function parseJson<T>(text: string, fileName: string): T {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new RuntimeError(
      'PAR_ERR_INSTALL_FAILED',
      `expected ${fileName} to be JSON, got: ${(error as Error).message}`,
      { cause: error }
    );
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    throw new RuntimeError('PAR_ERR_INSTALL_FAILED', `expected ${fileName} to hold a JSON object`);
  }
  return data as T;
}
