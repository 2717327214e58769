import { RuntimeError } from '../../errors/index.js';

/**
 * The paths an archive has claimed so far. Two entries may not name the same path, and the
 * comparison folds letter case and Unicode normalisation: on a case-insensitive filesystem
 * (a laptop running `par run`) `A.js` and `a.js` would silently overwrite each other, so the
 * same archive would unpack differently on different machines. A file may not sit where a
 * folder is, nor a folder where a file is.
 */
export class EntryRegistry {
  private readonly files = new Map<string, string>();
  /** Every folder, named by an entry of its own or implied by a path beneath it. */
  private readonly folders = new Map<string, string>();
  private readonly folderEntries = new Map<string, string>();

  /** Claims `path` (and, implicitly, its parent folders) or refuses the archive. */
  claim(path: string, isDirectory: boolean): void {
    const key = foldKey(path);
    const earlier =
      this.files.get(key) ?? (isDirectory ? this.folderEntries : this.folders).get(key);
    if (earlier !== undefined) throw duplicate(path, earlier);

    const segments = path.split('/');
    for (let depth = 1; depth < segments.length; depth += 1) {
      const parent = segments.slice(0, depth).join('/');
      const parentFile = this.files.get(foldKey(parent));
      if (parentFile !== undefined) throw duplicate(path, parentFile);
      this.folders.set(foldKey(parent), parent);
    }

    if (!isDirectory) {
      this.files.set(key, path);
      return;
    }
    this.folders.set(key, path);
    this.folderEntries.set(key, path);
  }
}

function foldKey(path: string): string {
  return path.normalize('NFC').toLowerCase();
}

function duplicate(path: string, earlier: string): RuntimeError {
  const same = path === earlier ? 'twice' : `and as ${JSON.stringify(earlier)}`;
  return new RuntimeError(
    'PAR_ERR_ARCHIVE_DUPLICATE_ENTRY',
    `expected every entry to name its own path, got ${JSON.stringify(path)} ${same}`,
    { details: { entry: path, earlier } }
  );
}
