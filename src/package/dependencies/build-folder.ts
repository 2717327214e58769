/**
 * The private folder npm installs into: the package's package.json (without its own lifecycle
 * scripts, which belong to building the package, not to installing its dependencies), its
 * lockfile and its .npmrc (a private registry's scope settings), and nothing else.
 */
import { copyFile, mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Lockfile, PackageJson } from './package-files.js';

export async function createBuildFolder(options: {
  parentDir: string;
  prefix: string;
  packageRoot: string;
  packageJson: PackageJson;
  lockfile: Lockfile;
}): Promise<string> {
  await mkdir(options.parentDir, { recursive: true });
  const dir = await mkdtemp(path.join(options.parentDir, options.prefix));

  const packageJson: Record<string, unknown> = { ...options.packageJson };
  delete packageJson.scripts;
  await writeFile(path.join(dir, 'package.json'), `${JSON.stringify(packageJson, null, 2)}\n`);
  await writeFile(path.join(dir, options.lockfile.fileName), options.lockfile.text);
  await copyFile(path.join(options.packageRoot, '.npmrc'), path.join(dir, '.npmrc')).catch(
    (error: NodeJS.ErrnoException) => {
      if (error.code !== 'ENOENT') throw error;
    }
  );
  return dir;
}
