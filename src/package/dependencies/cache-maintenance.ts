/**
 * Operating the dependency cache (`par cache`): what it holds and how big, pre-populating it
 * from a package, and pruning entries no boot has used for a while.
 */
import { readdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import type { InstallSettings } from '../../config/index.js';
import type { Logger } from '../../telemetry/index.js';
import { checkEntry, discardFolder, readMarker, type EntryMarker } from './cache-entry.js';
import { cacheLayout, entryPaths } from './cache-layout.js';
import { obtainEntry } from './dependency-cache.js';
import { listTree } from './file-tree.js';
import { planInstall } from './install-plan.js';

export interface CacheEntryInfo {
  readonly key: string;
  readonly marker: EntryMarker | undefined;
  readonly lastUsedAt: Date | undefined;
}

export interface CacheInfo {
  readonly cacheDir: string;
  readonly entries: readonly CacheEntryInfo[];
  /** Sum of the entries' markers (files in node_modules). */
  readonly entryBytes: number;
  /** Everything under the npm cache folder. */
  readonly npmCacheBytes: number;
  /** Staging and trash folders left by runtimes that died mid-way. */
  readonly leftoverFolders: number;
}

/** Staging folders younger than this may belong to a runtime installing right now. */
const staleStagingMs = 60 * 60 * 1000;

export async function readCacheInfo(cacheDir: string): Promise<CacheInfo> {
  const layout = cacheLayout(cacheDir);
  const entries: CacheEntryInfo[] = [];
  for (const key of await folderNames(layout.entriesDir)) {
    const paths = entryPaths(path.join(layout.entriesDir, key));
    const lastUsed = await stat(paths.lastUsed).catch(() => undefined);
    entries.push({ key, marker: await readMarker(paths), lastUsedAt: lastUsed?.mtime });
  }
  const leftovers =
    (await folderNames(layout.stagingDir)).length + (await folderNames(layout.trashDir)).length;
  return {
    cacheDir,
    entries,
    entryBytes: entries.reduce((sum, entry) => sum + (entry.marker?.totalBytes ?? 0), 0),
    npmCacheBytes: await folderBytes(layout.npmCacheDir),
    leftoverFolders: leftovers,
  };
}

export interface PruneOptions {
  readonly cacheDir: string;
  /** Also remove whole entries whose last use is older than this; undefined keeps them. */
  readonly olderThanMs: number | undefined;
  readonly now?: Date;
}

export interface PruneResult {
  readonly removed: ReadonlyArray<{ readonly key: string; readonly reason: string }>;
  readonly kept: number;
  readonly leftoversRemoved: number;
}

/**
 * Removes damaged entries, staging folders older than an hour, the trash, and (with
 * `olderThanMs`) entries unused for that long. Entries are renamed away before deletion, so a
 * runtime reading the cache never sees half an entry under its key.
 */
export async function pruneCache(options: PruneOptions): Promise<PruneResult> {
  const layout = cacheLayout(options.cacheDir);
  const nowMs = (options.now ?? new Date()).getTime();
  const removed: Array<{ key: string; reason: string }> = [];
  let kept = 0;

  for (const key of await folderNames(layout.entriesDir)) {
    const paths = entryPaths(path.join(layout.entriesDir, key));
    const check = await checkEntry(paths);
    const lastUsed = await stat(paths.lastUsed).catch(() => undefined);
    const idleMs = nowMs - (lastUsed?.mtimeMs ?? 0);
    let reason: string | undefined;
    if (check.state === 'damaged') reason = `damaged: ${check.reason}`;
    else if (options.olderThanMs !== undefined && idleMs > options.olderThanMs) {
      reason = `unused for ${Math.round(idleMs / 1000)} s`;
    }
    if (reason === undefined) {
      kept += 1;
      continue;
    }
    await discardFolder(paths.dir, layout.trashDir);
    removed.push({ key, reason });
  }

  let leftoversRemoved = 0;
  for (const name of await folderNames(layout.stagingDir)) {
    const info = await stat(path.join(layout.stagingDir, name)).catch(() => undefined);
    if (info === undefined || nowMs - info.mtimeMs < staleStagingMs) continue;
    await rm(path.join(layout.stagingDir, name), { recursive: true, force: true });
    leftoversRemoved += 1;
  }
  for (const name of await folderNames(layout.trashDir)) {
    await rm(path.join(layout.trashDir, name), { recursive: true, force: true });
    leftoversRemoved += 1;
  }
  return { removed, kept, leftoversRemoved };
}

export interface WarmOptions {
  /** An extracted package folder. */
  readonly root: string;
  readonly scriptsRequested: boolean;
  readonly cacheDir: string;
  readonly settings: InstallSettings;
  readonly logger: Logger;
}

export type WarmResult =
  | { readonly action: 'nothing'; readonly reason: string }
  | { readonly action: 'present' | 'built'; readonly key: string; readonly fileCount: number };

/** Makes sure the cache holds the entry a package needs, without touching the package. */
export async function warmCache(options: WarmOptions): Promise<WarmResult> {
  const plan = await planInstall({
    root: options.root,
    scriptsRequested: options.scriptsRequested,
    scriptsAllowed: options.settings.allowScripts,
  });
  if (plan.kind === 'none') return { action: 'nothing', reason: plan.reason };

  const entry = await obtainEntry({
    installScripts: plan.installScripts,
    offline: options.settings.offline,
    timeoutMs: options.settings.timeoutMs,
    npmCli: options.settings.npmCli,
    signal: undefined,
    logger: options.logger,
    cacheDir: options.cacheDir,
    key: plan.key,
    packageRoot: options.root,
    packageJson: plan.packageJson,
    lockfile: plan.lockfile,
  });
  if (entry.leftover !== undefined) await rm(entry.leftover, { recursive: true, force: true });
  return {
    action: entry.built ? 'built' : 'present',
    key: plan.key.id,
    fileCount: entry.listing.fileCount,
  };
}

async function folderNames(dir: string): Promise<string[]> {
  try {
    const entries = await readdir(dir, { withFileTypes: true });
    return entries
      .filter((entry) => entry.isDirectory())
      .map((entry) => entry.name)
      .sort();
  } catch {
    return [];
  }
}

async function folderBytes(dir: string): Promise<number> {
  try {
    return (await listTree(dir)).totalBytes;
  } catch {
    return 0;
  }
}
