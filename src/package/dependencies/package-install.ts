/**
 * Puts a finished node_modules tree into the package folder: built aside, renamed into place,
 * and stamped with the cache key it came from, so a later boot of the same folder knows it is
 * current (and a node_modules the author shipped, which has no stamp, is left alone).
 */
import { randomBytes } from 'node:crypto';
import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { materialiseTree, type MaterialiseMode, type TreeListing } from './file-tree.js';

/** The stamp PAR leaves in a node_modules it installed. */
export const installStampName = '.par-installed.json';

export interface InstallStamp {
  readonly key: string;
  readonly installedAt: string;
}

/** The stamp of `<root>/node_modules`, or undefined when PAR did not install it. */
export async function readInstallStamp(root: string): Promise<InstallStamp | undefined> {
  try {
    const text = await readFile(path.join(root, 'node_modules', installStampName), 'utf8');
    const stamp = JSON.parse(text) as InstallStamp;
    return typeof stamp.key === 'string' ? stamp : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Reproduces `listing` (found under `fromNodeModules`) as `<root>/node_modules`, replacing a
 * node_modules PAR installed earlier. When another runtime installs into the same folder at the
 * same moment, the first rename wins and the other keeps the winner's tree if it has the same key.
 */
export async function installIntoPackage(options: {
  listing: TreeListing;
  fromNodeModules: string;
  root: string;
  key: string;
}): Promise<MaterialiseMode> {
  const { listing, root, key } = options;
  const target = path.join(root, 'node_modules');
  const aside = path.join(root, `.par-node_modules-${randomBytes(4).toString('hex')}`);

  let mode: MaterialiseMode;
  try {
    mode = await materialiseTree(listing, options.fromNodeModules, aside);
    const stamp: InstallStamp = { key, installedAt: new Date().toISOString() };
    await writeFile(path.join(aside, installStampName), `${JSON.stringify(stamp)}\n`);
  } catch (error) {
    await rm(aside, { recursive: true, force: true });
    throw error;
  }

  const previous = await readInstallStamp(root);
  if (previous !== undefined && previous.key !== key) {
    const old = `${aside}-old`;
    await rename(target, old);
    await rm(old, { recursive: true, force: true });
  }
  try {
    await rename(aside, target);
  } catch (error) {
    await rm(aside, { recursive: true, force: true });
    const code = (error as NodeJS.ErrnoException).code;
    const winner = await readInstallStamp(root);
    if ((code === 'ENOTEMPTY' || code === 'EEXIST') && winner?.key === key) return mode;
    throw error;
  }
  return mode;
}
