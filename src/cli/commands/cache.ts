import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadInstallSettings } from '../../config/index.js';
import {
  pruneCache,
  readCacheInfo,
  readManifest,
  warmCache,
  type CacheInfo,
} from '../../package/index.js';
import { createLogger } from '../../telemetry/index.js';
import type { Command } from '../command.js';
import { openPackageFolder } from '../package-target.js';

const usage = `Usage: par cache info  [--cache-dir DIR] [--json]
       par cache warm  PACKAGE [--cache-dir DIR]
       par cache prune [--older-than DURATION] [--cache-dir DIR]

Operates the dependency cache under PAR_CACHE_DIR (or --cache-dir): installed node_modules
trees keyed by lockfile, Node major version and platform, plus npm's own cache.

  info    what is cached: each entry's key, files, size, creation and last use; npm's cache size
  warm    builds the entry a package needs (a folder, an .apkg file, or an https:// or s3://
          URL downloaded as par run would), without changing the package;
          honours PAR_ALLOW_INSTALL_SCRIPTS, PAR_OFFLINE_INSTALL, PAR_INSTALL_TIMEOUT_SEC and
          PAR_NPM_CLI
  prune   removes damaged entries and folders left by interrupted installs; with --older-than,
          also entries no boot has used for that long. DURATION is a number with a unit:
          s, m, h or d (30d, 12h)

Exit codes: 0 done, 1 failed, 2 usage error. See docs/dependencies.md.
`;

export const cacheCommand: Command = {
  name: 'cache',
  summary: 'Inspect, pre-populate or prune the dependency cache',
  help: usage,
  async run(args) {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: {
        'cache-dir': { type: 'string' },
        'older-than': { type: 'string' },
        json: { type: 'boolean', default: false },
      },
    });
    const [action, ...rest] = positionals;
    const cacheDir = values['cache-dir'] ?? process.env.PAR_CACHE_DIR;
    if (cacheDir === undefined || cacheDir.trim() === '') {
      return usageError('expected PAR_CACHE_DIR or --cache-dir, got neither');
    }
    const root = path.resolve(cacheDir);

    if (action === 'info' && rest.length === 0) {
      const info = await readCacheInfo(root);
      process.stdout.write(values.json ? `${JSON.stringify(info, null, 2)}\n` : formatInfo(info));
      return 0;
    }
    if (action === 'warm' && rest.length === 1) return warm(root, rest[0] as string);
    if (action === 'prune' && rest.length === 0) {
      const olderThan = values['older-than'];
      const olderThanMs = olderThan === undefined ? undefined : parseDurationMs(olderThan);
      if (olderThanMs === null) {
        return usageError(`expected --older-than like 30d, 12h, 45m or 90s, got "${olderThan}"`);
      }
      const result = await pruneCache({ cacheDir: root, olderThanMs });
      for (const entry of result.removed) {
        process.stdout.write(`removed ${entry.key} (${entry.reason})\n`);
      }
      process.stdout.write(
        `pruned ${result.removed.length} entries and ${result.leftoversRemoved} leftover ` +
          `folders; kept ${result.kept} entries\n`
      );
      return 0;
    }
    return usageError(`expected info, warm PACKAGE or prune, got "${positionals.join(' ')}"`);
  },
};

async function warm(cacheDir: string, packageArgument: string): Promise<number> {
  const settings = loadInstallSettings(process.env);
  const { root, cleanup } = await openPackageFolder(packageArgument, process.env);
  const { logger, flush } = createLogger({ level: 'warn', format: 'pretty' });
  try {
    const manifest = await readManifest(root);
    const result = await warmCache({
      root,
      scriptsRequested: manifest.installScripts,
      cacheDir,
      settings,
      logger,
    });
    const line =
      result.action === 'nothing'
        ? `nothing to cache: ${result.reason}`
        : `${result.action === 'built' ? 'built' : 'already cached'} ${result.key} ` +
          `(${result.fileCount} files)`;
    process.stdout.write(`${line}\n`);
    return 0;
  } finally {
    flush();
    await cleanup();
  }
}

/** `30d`, `12h`, `45m`, `90s` in milliseconds; null when malformed. */
export function parseDurationMs(text: string): number | null {
  const match = /^(\d+(?:\.\d+)?)([smhd])$/.exec(text.trim());
  if (match === null) return null;
  const unitMs = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[match[2] as 's'];
  return Number(match[1]) * unitMs;
}

function formatInfo(info: CacheInfo): string {
  const lines = [`cache: ${info.cacheDir}`];
  lines.push(`npm cache: ${formatBytes(info.npmCacheBytes)}`);
  lines.push(`entries: ${info.entries.length}, ${formatBytes(info.entryBytes)} in node_modules`);
  for (const entry of info.entries) {
    const marker = entry.marker;
    const parts = marker?.parts;
    const what =
      marker === undefined || parts === undefined
        ? 'damaged (no marker)'
        : `${marker.fileCount} files, ${formatBytes(marker.totalBytes)}, ` +
          `node ${parts.nodeMajor} ${parts.platform}-${parts.arch}-${parts.libc}, ` +
          `scripts ${parts.installScripts ? 'on' : 'off'}, created ${marker.createdAt}`;
    const used = entry.lastUsedAt?.toISOString() ?? 'never';
    lines.push(`  ${entry.key.slice(0, 16)}  ${what}, last used ${used}`);
  }
  if (info.leftoverFolders > 0) {
    lines.push(`leftover folders from interrupted installs: ${info.leftoverFolders}`);
  }
  return `${lines.join('\n')}\n`;
}

function formatBytes(bytes: number): string {
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}

function usageError(message: string): number {
  process.stderr.write(`par cache: ${message}\n\n${usage}`);
  return 2;
}
