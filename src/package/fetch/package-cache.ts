/**
 * The digest-keyed package cache under PAR_CACHE_DIR/packages/: `<sha256>.apkg` files, written
 * by a rename so readers never see half an entry, and re-hashed on every use (the download
 * copies an entry through the same verifying writer as a network body).
 */
import { randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { copyFile, mkdir, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import type { OpenedBody } from './source.js';

/** The sub-folder of PAR_CACHE_DIR that holds packages; others may hold other caches. */
export const packageCacheFolder = 'packages';

/** Packages already downloaded and verified, keyed by their lower-case hex SHA-256. */
export class PackageCache {
  readonly folder: string;

  constructor(cacheDir: string) {
    this.folder = path.join(cacheDir, packageCacheFolder);
  }

  entryPath(sha256: string): string {
    return path.join(this.folder, `${sha256.toLowerCase()}.apkg`);
  }

  /** The entry's bytes and size, or undefined when there is no entry for `sha256`. */
  async open(sha256: string): Promise<OpenedBody | undefined> {
    const file = this.entryPath(sha256);
    const info = await stat(file).catch(() => undefined);
    if (info === undefined || !info.isFile()) return undefined;

    return { body: createReadStream(file), declaredBytes: info.size };
  }

  /** Removes an entry whose bytes no longer match its name. */
  async discard(sha256: string): Promise<void> {
    await rm(this.entryPath(sha256), { force: true });
  }

  /**
   * Stores a verified file under its digest: copied beside the entry, then renamed over it, so
   * runtimes sharing the folder never read a partial entry.
   */
  async store(sha256: string, file: string): Promise<string> {
    await mkdir(this.folder, { recursive: true, mode: 0o700 });
    const entry = this.entryPath(sha256);
    const partial = `${entry}.${randomBytes(6).toString('hex')}.partial`;
    try {
      await copyFile(file, partial);
      await rename(partial, entry);
    } catch (error) {
      await rm(partial, { force: true });
      throw error;
    }

    return entry;
  }
}
