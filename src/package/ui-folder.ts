/**
 * Finds a package's UI folder: `ui.path` inside the package, or `dist/ui` where the Pixell Agent
 * Kit puts it, resolved through symlinks and holding an `index.html`. The UI surface calls it at
 * boot and `par validate` calls it too, so both refuse the same packages with the same codes;
 * request-time containment lives in transports/ui/ui-request-path.ts.
 */
import { realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { RuntimeError } from '../errors/index.js';

/** The folder the Pixell Agent Kit copies `ui.path` to when it builds a package. */
export const kitUiFolder = 'dist/ui';
export const uiIndexFile = 'index.html';

/** A UI folder checked at boot. */
export interface UiFolder {
  /** Absolute real path (symlinks resolved) of the folder served under `/ui/`. */
  readonly root: string;
  /** Which candidate matched, relative to the package: `ui.path` or `dist/ui`. */
  readonly relativePath: string;
}

/**
 * Resolves `ui.path` (then `dist/ui`) inside `packageRoot`: the first that is a folder holding
 * an `index.html` wins, as `par validate` checks it. Throws PAR_ERR_UI_PATH_INVALID when
 * `ui.path` leads outside the package, PAR_ERR_UI_INDEX_MISSING when a candidate folder exists
 * but none holds an index, and PAR_ERR_UI_FOLDER_MISSING when no candidate is a folder.
 */
export async function resolveUiFolder(packageRoot: string, uiPath: string): Promise<UiFolder> {
  if (path.isAbsolute(uiPath) || path.win32.isAbsolute(uiPath)) {
    throw pathInvalid(uiPath, 'an absolute path');
  }
  const packageReal = await realpath(packageRoot);

  let folderWithoutIndex: string | undefined;
  for (const candidate of [...new Set([uiPath, kitUiFolder])]) {
    const folder = await realFolderInside(packageReal, candidate);
    if (folder === undefined) continue;
    if (await holdsIndex(folder)) return { root: folder, relativePath: candidate };
    folderWithoutIndex ??= candidate;
  }
  if (folderWithoutIndex !== undefined) {
    throw new RuntimeError(
      'PAR_ERR_UI_INDEX_MISSING',
      `expected the UI folder "${folderWithoutIndex}" to hold an ${uiIndexFile} file, got none`,
      { details: { uiPath: folderWithoutIndex } }
    );
  }
  throw new RuntimeError(
    'PAR_ERR_UI_FOLDER_MISSING',
    `expected a folder at ui.path "${uiPath}" (or ${kitUiFolder}) inside the package, got none`,
    { details: { uiPath } }
  );
}

/** Whether `file` exists and is a regular file (symlinks followed). */
export async function isFile(file: string): Promise<boolean> {
  return stat(file).then(
    (info) => info.isFile(),
    () => false
  );
}

/** Whether `child` is `parent` itself or lies below it (both absolute and resolved). */
export function isInsideFolder(parent: string, child: string): boolean {
  const relative = path.relative(parent, child);
  return (
    relative === '' ||
    (relative !== '..' && !relative.startsWith(`..${path.sep}`) && !path.isAbsolute(relative))
  );
}

/** The candidate's real path when it is a folder inside the package; undefined when absent. */
async function realFolderInside(
  packageReal: string,
  candidate: string
): Promise<string | undefined> {
  const lexical = path.resolve(packageReal, candidate);
  if (!isInsideFolder(packageReal, lexical)) throw pathInvalid(candidate, 'a path outside it');

  let real: string;
  try {
    real = await realpath(lexical);
  } catch {
    return undefined;
  }
  if (!isInsideFolder(packageReal, real)) {
    throw pathInvalid(candidate, 'a symlink that leads outside it');
  }
  const info = await stat(real);

  return info.isDirectory() ? real : undefined;
}

/** Whether the folder holds a regular `index.html` whose real path stays inside it. */
async function holdsIndex(folder: string): Promise<boolean> {
  try {
    const real = await realpath(path.join(folder, uiIndexFile));
    return isInsideFolder(folder, real) && (await stat(real)).isFile();
  } catch {
    return false;
  }
}

function pathInvalid(uiPath: string, got: string): RuntimeError {
  return new RuntimeError(
    'PAR_ERR_UI_PATH_INVALID',
    `expected ui.path to name a folder inside the package, got "${uiPath}": ${got}`,
    { details: { uiPath } }
  );
}
