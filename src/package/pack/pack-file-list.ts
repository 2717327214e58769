import { readdir } from 'node:fs/promises';
import path from 'node:path';

/**
 * Which files of a folder go into a package: everything except secrets, VCS data, installed
 * dependencies (unless asked for) and the archive being written. Links are never followed.
 */

export interface PackFileListOptions {
  /** Keep `node_modules` folders (for agents that are not bundled). */
  includeNodeModules: boolean;
  /** Absolute paths to leave out: the output file itself. */
  exclude: readonly string[];
}

export interface PackFileList {
  /** Relative POSIX paths, sorted by code unit, so the archive's order never varies. */
  readonly files: string[];
  /** What was left out and why, for the user. */
  readonly skipped: Array<{ path: string; reason: string }>;
}

export async function listPackFiles(
  root: string,
  options: PackFileListOptions
): Promise<PackFileList> {
  const files: string[] = [];
  const skipped: Array<{ path: string; reason: string }> = [];
  const excluded = new Set(options.exclude.map((file) => path.resolve(file)));

  const walk = async (folder: string): Promise<void> => {
    for (const entry of await readdir(folder, { withFileTypes: true })) {
      const absolute = path.join(folder, entry.name);
      const relative = path.relative(root, absolute).split(path.sep).join('/');
      const reason = skipReason(entry.name, entry.isDirectory(), options);
      if (reason !== undefined) {
        skipped.push({ path: relative, reason });
      } else if (excluded.has(absolute)) {
        skipped.push({ path: relative, reason: 'the output file' });
      } else if (entry.isDirectory()) {
        await walk(absolute);
      } else if (entry.isFile()) {
        files.push(relative);
      } else {
        const kind = entry.isSymbolicLink() ? 'a symbolic link' : 'a special file';
        skipped.push({ path: relative, reason: `${kind} (packages hold regular files only)` });
      }
    }
  };
  await walk(root);

  files.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return { files, skipped };
}

function skipReason(
  name: string,
  isDirectory: boolean,
  options: PackFileListOptions
): string | undefined {
  if (isDirectory && name === '.git') return 'version control data';
  if (isDirectory && name === 'node_modules' && !options.includeNodeModules) {
    return 'installed dependencies (use --include-node-modules to keep them)';
  }
  if (!isDirectory && (name === '.env' || (name.startsWith('.env.') && name !== '.env.example'))) {
    return 'may hold secrets';
  }
  return undefined;
}
