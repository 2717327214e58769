/**
 * The shared, content-addressed store of installed node_modules trees. An entry is found by
 * its key, checked whole before use, and built when missing: npm runs in a private staging
 * folder inside the cache, the marker is written last, and one atomic rename publishes it.
 * Runtimes that build the same key at once all succeed; the first rename wins.
 */
import { mkdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from '../../telemetry/index.js';
import { createBuildFolder } from './build-folder.js';
import { checkEntry, discardFolder, touchEntry, writeMarker } from './cache-entry.js';
import type { CacheKey } from './cache-key.js';
import { cacheLayout, entryPaths, type EntryPaths } from './cache-layout.js';
import { listTree, type TreeListing } from './file-tree.js';
import type { Lockfile, PackageJson } from './package-files.js';
import { runNpmCi } from './run-npm.js';

export interface NpmRunSettings {
  readonly installScripts: boolean;
  readonly offline: boolean;
  readonly timeoutMs: number;
  readonly npmCli: string | undefined;
  readonly signal: AbortSignal | undefined;
  readonly logger: Logger;
}

export interface ObtainEntryOptions extends NpmRunSettings {
  readonly cacheDir: string;
  readonly key: CacheKey;
  readonly packageRoot: string;
  readonly packageJson: PackageJson;
  readonly lockfile: Lockfile;
}

/** A usable entry and how it was obtained. */
export interface ObtainedEntry {
  readonly paths: EntryPaths;
  readonly listing: TreeListing;
  /** Whether npm ran (false: the entry was already in the cache). */
  readonly built: boolean;
  /** A folder to delete once the tree was installed from it (a lost race's own build). */
  readonly leftover: string | undefined;
}

/** The entry for `key`: the cached one when whole, else one built now with `npm ci`. */
export async function obtainEntry(options: ObtainEntryOptions): Promise<ObtainedEntry> {
  const { key, logger } = options;
  const layout = cacheLayout(options.cacheDir);
  const paths = entryPaths(path.join(layout.entriesDir, key.id));

  const existing = await checkEntry(paths, key.id);
  if (existing.state === 'valid') {
    await touchEntry(paths);
    return { paths, listing: existing.listing, built: false, leftover: undefined };
  }
  if (existing.state === 'damaged') {
    logger.warn(
      { key: key.id, reason: existing.reason },
      'dependency cache entry damaged: rebuilding'
    );
    await discardFolder(paths.dir, layout.trashDir);
  }

  const staging = await createBuildFolder({
    parentDir: layout.stagingDir,
    prefix: `${key.id.slice(0, 16)}-`,
    packageRoot: options.packageRoot,
    packageJson: options.packageJson,
    lockfile: options.lockfile,
  });
  try {
    await runNpmCi({ ...options, cwd: staging, npmCacheDir: layout.npmCacheDir });
    const built = entryPaths(staging);
    await mkdir(built.nodeModules, { recursive: true });
    const listing = await listTree(built.nodeModules);
    await writeMarker(built, key, listing);
    return await publish({ staging, built, paths, listing, options });
  } catch (error) {
    await rm(staging, { recursive: true, force: true });
    throw error;
  }
}

/** Renames the staging folder into place; a runtime that loses the race uses the winner's. */
async function publish(input: {
  staging: string;
  built: EntryPaths;
  paths: EntryPaths;
  listing: TreeListing;
  options: ObtainEntryOptions;
}): Promise<ObtainedEntry> {
  const { staging, built, paths, listing, options } = input;
  await mkdir(path.dirname(paths.dir), { recursive: true });
  try {
    await rename(staging, paths.dir);
    return { paths, listing, built: true, leftover: undefined };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'ENOTEMPTY' && code !== 'EEXIST') throw error;
  }

  const winner = await checkEntry(paths, options.key.id);
  options.logger.debug(
    { key: options.key.id, winner: winner.state },
    'dependency cache entry published by another runtime first'
  );
  if (winner.state === 'valid') {
    await rm(staging, { recursive: true, force: true });
    return { paths, listing: winner.listing, built: true, leftover: undefined };
  }
  // The winner's entry is already unusable (pruned or damaged meanwhile): use our own build.
  return { paths: built, listing, built: true, leftover: staging };
}
