/**
 * Where things live under PAR_CACHE_DIR. The folder may be shared by many runtimes at once
 * (an EFS volume on ECS): every write goes to a private folder first and is renamed into place.
 *
 *   <PAR_CACHE_DIR>/npm/                               npm's own cache (tarballs, metadata)
 *   <PAR_CACHE_DIR>/dependencies/entries/<key>/        one finished entry:
 *       node_modules/                                  the installed tree
 *       entry.json                                     the marker: key, parts, file count, digest
 *       last-used                                      empty; its mtime: the last boot using it
 *   <PAR_CACHE_DIR>/dependencies/staging/<key>-<rnd>/  entries being built
 *   <PAR_CACHE_DIR>/dependencies/trash/<key>-<rnd>/    entries being deleted
 */
import path from 'node:path';

export interface CacheLayout {
  readonly root: string;
  readonly npmCacheDir: string;
  readonly entriesDir: string;
  readonly stagingDir: string;
  readonly trashDir: string;
}

export interface EntryPaths {
  readonly dir: string;
  readonly nodeModules: string;
  readonly marker: string;
  readonly lastUsed: string;
}

export const markerFileName = 'entry.json';
export const lastUsedFileName = 'last-used';

export function cacheLayout(cacheDir: string): CacheLayout {
  const dependencies = path.join(cacheDir, 'dependencies');
  return {
    root: cacheDir,
    npmCacheDir: path.join(cacheDir, 'npm'),
    entriesDir: path.join(dependencies, 'entries'),
    stagingDir: path.join(dependencies, 'staging'),
    trashDir: path.join(dependencies, 'trash'),
  };
}

export function entryPaths(dir: string): EntryPaths {
  return {
    dir,
    nodeModules: path.join(dir, 'node_modules'),
    marker: path.join(dir, markerFileName),
    lastUsed: path.join(dir, lastUsedFileName),
  };
}
