import { stat } from 'node:fs/promises';
import path from 'node:path';
import type { AgentManifest } from './agent-manifest.js';

/** The file a UI folder must hold. */
export const uiIndexFile = 'index.html';

/**
 * Where a package's UI really is. The Kit copies `ui.path` into `dist/ui/` and leaves the
 * original out of the archive when it sits outside `src/`, so a Kit-built package names a
 * folder it does not contain. `<ui.path>` is tried first, then `dist/ui`; the first holding an
 * `index.html` wins. Undefined when neither does (or the manifest declares no UI).
 */
export async function resolveUiFolder(
  root: string,
  manifest: Pick<AgentManifest, 'ui'>
): Promise<string | undefined> {
  if (manifest.ui === undefined) return undefined;

  for (const candidate of [manifest.ui.path, 'dist/ui']) {
    const folder = path.resolve(root, candidate);
    const inside = path.relative(root, folder);
    if (inside.startsWith('..') || path.isAbsolute(inside)) continue;
    if (await isFile(path.join(folder, uiIndexFile))) return folder;
  }
  return undefined;
}

export async function isFile(file: string): Promise<boolean> {
  return stat(file).then(
    (info) => info.isFile(),
    () => false
  );
}
