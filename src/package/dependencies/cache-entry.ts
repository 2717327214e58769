/**
 * One cache entry: its marker (what it was built from and what it holds), the check that an
 * entry is whole before it is used, and the last-used stamp that pruning reads.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, rm, stat, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { CacheKey, CacheKeyParts } from './cache-key.js';
import type { EntryPaths } from './cache-layout.js';
import { listTree, type TreeListing } from './file-tree.js';

/** entry.json: written last, before the entry is renamed into place. */
export interface EntryMarker {
  readonly format: 1;
  readonly key: string;
  readonly parts: CacheKeyParts;
  readonly createdAt: string;
  readonly fileCount: number;
  readonly totalBytes: number;
  /** The listing digest of node_modules (names and sizes of everything in it). */
  readonly digest: string;
}

export type EntryCheck =
  | { readonly state: 'absent' }
  | { readonly state: 'damaged'; readonly reason: string }
  | { readonly state: 'valid'; readonly marker: EntryMarker; readonly listing: TreeListing };

export async function writeMarker(
  paths: EntryPaths,
  key: CacheKey,
  listing: TreeListing
): Promise<EntryMarker> {
  const marker: EntryMarker = {
    format: 1,
    key: key.id,
    parts: key.parts,
    createdAt: new Date().toISOString(),
    fileCount: listing.fileCount,
    totalBytes: listing.totalBytes,
    digest: listing.digest,
  };
  await writeFile(paths.marker, `${JSON.stringify(marker, null, 2)}\n`);
  await writeFile(paths.lastUsed, '');
  return marker;
}

/** Reads the marker alone (no listing), for `par cache info`. */
export async function readMarker(paths: EntryPaths): Promise<EntryMarker | undefined> {
  try {
    const marker = JSON.parse(await readFile(paths.marker, 'utf8')) as EntryMarker;
    return typeof marker.key === 'string' ? marker : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Whether the entry at `paths` exists and is whole: its marker names `expectedKey` (the folder
 * name when undefined) and node_modules still lists to the marker's digest and file count.
 */
export async function checkEntry(paths: EntryPaths, expectedKey?: string): Promise<EntryCheck> {
  let text: string;
  try {
    text = await readFile(paths.marker, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    const exists = await stat(paths.dir).then(
      () => true,
      () => false
    );
    return exists ? { state: 'damaged', reason: 'marker missing' } : { state: 'absent' };
  }

  let marker: EntryMarker;
  try {
    marker = JSON.parse(text) as EntryMarker;
  } catch {
    return { state: 'damaged', reason: 'marker is not JSON' };
  }
  const key = expectedKey ?? path.basename(paths.dir);
  if (marker.key !== key) return { state: 'damaged', reason: 'marker names another key' };

  let listing: TreeListing;
  try {
    listing = await listTree(paths.nodeModules);
  } catch {
    return { state: 'damaged', reason: 'node_modules missing' };
  }
  if (listing.fileCount !== marker.fileCount || listing.digest !== marker.digest) {
    return {
      state: 'damaged',
      reason: `node_modules changed (${listing.fileCount} files, marker says ${marker.fileCount})`,
    };
  }
  return { state: 'valid', marker, listing };
}

/** Records that a boot used the entry; a cache mounted read-only just keeps the old stamp. */
export async function touchEntry(paths: EntryPaths): Promise<void> {
  const now = new Date();
  await utimes(paths.lastUsed, now, now).catch(() => writeFile(paths.lastUsed, '').catch(() => {}));
}

/**
 * Deletes a folder that others may be reading or renaming: it is first renamed into the trash
 * (atomic, so nobody sees a half-deleted entry under its key), then removed.
 */
export async function discardFolder(dir: string, trashDir: string): Promise<void> {
  await mkdir(trashDir, { recursive: true });
  const aside = path.join(trashDir, `${path.basename(dir)}-${randomBytes(4).toString('hex')}`);
  try {
    await rename(dir, aside);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  await rm(aside, { recursive: true, force: true });
}
