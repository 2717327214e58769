/**
 * Shared set-up for dependency tests: a work folder, one packed fixture dependency in a
 * template npm cache, fresh PAR_CACHE_DIRs seeded from it, and a logger whose lines can be read.
 */
import { cp, mkdir, mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { DestinationStream } from 'pino';
import { createLogger, type Logger } from '../../src/telemetry/index.js';
import {
  packDependencies,
  packDependency,
  type DependencySource,
  type PackedDependency,
} from './npm-fixtures.js';

export class DependencyHarness {
  private counter = 0;
  private readonly templateCache: string;

  private constructor(readonly workDir: string) {
    this.templateCache = path.join(workDir, 'template-npm-cache');
  }

  static async create(): Promise<DependencyHarness> {
    return new DependencyHarness(await mkdtemp(path.join(os.tmpdir(), 'par-deps-test-')));
  }

  /** Packs a dependency into the template npm cache every fresh cache starts from. */
  pack(dependency: DependencySource): Promise<PackedDependency> {
    return packDependency(this.workDir, this.templateCache, dependency);
  }

  /** Packs several dependencies at once (one npm pack, one npm cache add). */
  packMany(dependencies: readonly DependencySource[]): Promise<PackedDependency[]> {
    return packDependencies(this.workDir, this.templateCache, dependencies);
  }

  /** A new, unused folder under the work folder. */
  async folder(name: string): Promise<string> {
    this.counter += 1;
    const dir = path.join(this.workDir, `${name}-${this.counter}`);
    await mkdir(dir, { recursive: true });
    return dir;
  }

  /** A PAR_CACHE_DIR whose npm cache holds every packed dependency (or nothing when empty). */
  async cacheDir(options: { empty?: boolean } = {}): Promise<string> {
    const dir = await this.folder('cache');
    if (options.empty !== true)
      await cp(this.templateCache, path.join(dir, 'npm'), { recursive: true });
    return dir;
  }

  async remove(): Promise<void> {
    await rm(this.workDir, { recursive: true, force: true });
  }
}

/** The entry folders of a cache. */
export async function cacheEntries(cacheDir: string): Promise<string[]> {
  return readdir(path.join(cacheDir, 'dependencies', 'entries')).catch(() => []);
}

/** Folders left in staging (none once every install finished). */
export async function stagingLeftovers(cacheDir: string): Promise<string[]> {
  return readdir(path.join(cacheDir, 'dependencies', 'staging')).catch(() => []);
}

/** A logger that keeps its records for assertions. */
export function capturingLogger(): { logger: Logger; records: Array<Record<string, unknown>> } {
  const records: Array<Record<string, unknown>> = [];
  const destination: DestinationStream = {
    write(line: string) {
      records.push(JSON.parse(line) as Record<string, unknown>);
    },
  };
  const { logger } = createLogger({ level: 'debug', format: 'json', destination });
  return { logger, records };
}
