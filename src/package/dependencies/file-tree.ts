/**
 * Folder trees as the dependency cache sees them: a listing (every folder, file and symlink,
 * with a digest of names and sizes) and the two ways to reproduce one elsewhere (hard links
 * when the file system allows, copies otherwise).
 */
import { createHash } from 'node:crypto';
import { constants } from 'node:fs';
import { copyFile, link, lstat, mkdir, readdir, readlink, symlink } from 'node:fs/promises';
import path from 'node:path';

/** What a tree holds, in a stable order; paths are relative and use `/`. */
export interface TreeListing {
  readonly dirs: readonly string[];
  readonly files: ReadonlyArray<{ readonly path: string; readonly bytes: number }>;
  readonly links: ReadonlyArray<{ readonly path: string; readonly target: string }>;
  readonly fileCount: number;
  readonly totalBytes: number;
  /** sha256 of every path, size and link target: a file added, removed or resized changes it. */
  readonly digest: string;
}

/** How a tree was reproduced. */
export type MaterialiseMode = 'hardlink' | 'copy';

/** Parallel file operations at once; enough to keep a disk or NFS mount busy. */
const fileConcurrency = 32;

/** Lists `root` recursively. Throws ENOENT when it does not exist. */
export async function listTree(root: string): Promise<TreeListing> {
  const dirs: string[] = [];
  const files: Array<{ path: string; bytes: number }> = [];
  const links: Array<{ path: string; target: string }> = [];

  const walk = async (relative: string): Promise<void> => {
    const entries = await readdir(path.join(root, relative), { withFileTypes: true });
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const childOf = (name: string) => (relative === '' ? name : `${relative}/${name}`);
    // Sizes of one folder's files are read together: the listing costs one round trip per
    // folder rather than per file, which matters on a network file system.
    const fileNames = entries.filter((entry) => entry.isFile()).map((entry) => childOf(entry.name));
    const sizes = await Promise.all(
      fileNames.map(async (file) => (await lstat(path.join(root, file))).size)
    );
    fileNames.forEach((file, index) => files.push({ path: file, bytes: sizes[index] ?? 0 }));
    for (const entry of entries) {
      const child = childOf(entry.name);
      if (entry.isDirectory()) {
        dirs.push(child);
        await walk(child);
      } else if (entry.isSymbolicLink()) {
        links.push({ path: child, target: await readlink(path.join(root, child)) });
      }
    }
  };
  await walk('');

  return {
    dirs,
    files,
    links,
    fileCount: files.length,
    totalBytes: files.reduce((sum, file) => sum + file.bytes, 0),
    digest: digestOf(dirs, files, links),
  };
}

function digestOf(
  dirs: readonly string[],
  files: TreeListing['files'],
  links: TreeListing['links']
): string {
  const hash = createHash('sha256');
  for (const dir of dirs) hash.update(`d ${dir}\n`);
  for (const file of files) hash.update(`f ${file.path} ${file.bytes}\n`);
  for (const item of links) hash.update(`l ${item.path} ${item.target}\n`);
  return hash.digest('hex');
}

/**
 * Reproduces a listed tree from `fromRoot` at `toRoot` (which must not exist yet). Hard links
 * first: they cost one metadata write per file and survive the source's deletion. Across file
 * systems (an EFS cache, a local package folder) or where links are refused, copies instead.
 */
export async function materialiseTree(
  listing: TreeListing,
  fromRoot: string,
  toRoot: string
): Promise<MaterialiseMode> {
  await mkdir(toRoot, { recursive: true });
  for (const dir of listing.dirs) await mkdir(path.join(toRoot, dir));

  let mode: MaterialiseMode = 'hardlink';
  const [first, ...rest] = listing.files;
  if (first !== undefined) {
    const from = path.join(fromRoot, first.path);
    const to = path.join(toRoot, first.path);
    try {
      await link(from, to);
    } catch (error) {
      if (!linkRefused(error)) throw error;
      mode = 'copy';
      await copyFile(from, to, constants.COPYFILE_FICLONE);
    }
  }
  await inParallel(rest, async (file) => {
    const from = path.join(fromRoot, file.path);
    const to = path.join(toRoot, file.path);
    if (mode === 'hardlink') await link(from, to);
    else await copyFile(from, to, constants.COPYFILE_FICLONE);
  });
  await inParallel(listing.links, (item) => symlink(item.target, path.join(toRoot, item.path)));
  return mode;
}

function linkRefused(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException).code;
  return code === 'EXDEV' || code === 'EPERM' || code === 'ENOTSUP' || code === 'EMLINK';
}

async function inParallel<T>(items: readonly T[], run: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const item = items[next] as T;
      next += 1;
      await run(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(fileConcurrency, items.length) }, worker));
}
