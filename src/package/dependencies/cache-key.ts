/**
 * The key of a dependency cache entry: what a node_modules tree depends on. Two packages with
 * the same key get byte-identical installs, so they share one entry.
 */
import { createHash } from 'node:crypto';
import type { Lockfile } from './package-files.js';

/** Raised when what a key covers changes meaning; old entries then simply stop matching. */
export const cacheKeyFormat = 1;

/** Everything the key covers, kept in the entry's marker so operators can read it. */
export interface CacheKeyParts {
  readonly format: number;
  /** sha256 of the lockfile without the agent's own name and version. */
  readonly lockfileSha256: string;
  readonly nodeMajor: number;
  readonly platform: string;
  readonly arch: string;
  /** glibc or musl on Linux (native addons differ); the platform elsewhere. */
  readonly libc: string;
  /** Whether dependencies' install scripts ran. */
  readonly installScripts: boolean;
}

export interface CacheKey {
  /** 64 hex characters: the entry's folder name. */
  readonly id: string;
  readonly parts: CacheKeyParts;
}

export function cacheKeyOf(lockfile: Lockfile, installScripts: boolean): CacheKey {
  const parts: CacheKeyParts = {
    format: cacheKeyFormat,
    lockfileSha256: sha256(JSON.stringify(withoutRootIdentity(lockfile))),
    nodeMajor: Number(process.versions.node.split('.')[0]),
    platform: process.platform,
    arch: process.arch,
    libc: libcName(),
    installScripts,
  };
  return { id: sha256(JSON.stringify(parts)), parts };
}

/**
 * The agent's own name and version sit in its lockfile, but change nothing npm installs: a
 * release that only bumps the version keeps its cache entry.
 */
function withoutRootIdentity(lockfile: Lockfile): unknown {
  const data: Record<string, unknown> = { ...lockfile.data };
  delete data.name;
  delete data.version;
  const root = lockfile.data.packages?.[''];
  if (root !== undefined) {
    const rootRest: Record<string, unknown> = { ...root };
    delete rootRest.name;
    delete rootRest.version;
    data.packages = { ...lockfile.data.packages, '': rootRest };
  }
  return data;
}

let libc: string | undefined;

function libcName(): string {
  if (libc !== undefined) return libc;
  if (process.platform !== 'linux') {
    libc = process.platform;
    return libc;
  }
  const report = process.report.getReport() as { header?: { glibcVersionRuntime?: string } };
  libc = report.header?.glibcVersionRuntime === undefined ? 'musl' : 'glibc';
  return libc;
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
