/** `par cache info | warm | prune` through the real CLI, on a cache built offline. */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { unlink, utimes } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { DependencyHarness, cacheEntries } from '../helpers/dependency-harness.js';
import {
  offlineNpmEnv,
  writeAgentWithDependencies,
  type PackedDependency,
} from '../helpers/npm-fixtures.js';
import { packFolder } from '../../src/package/index.js';
import { parCli } from '../helpers/paths.js';

const run = promisify(execFile);

let harness: DependencyHarness;
let dependency: PackedDependency;

before(async () => {
  harness = await DependencyHarness.create();
  dependency = await harness.pack({ name: 'par-fixture-dep' });
});

after(async () => {
  await harness.remove();
});

async function par(args: string[], env: Record<string, string> = {}) {
  try {
    const { stdout, stderr } = await run(process.execPath, [parCli, ...args], {
      env: {
        PATH: process.env.PATH ?? '',
        HOME: harness.workDir,
        ...offlineNpmEnv(harness.workDir),
        ...env,
      },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

async function agentPackage(dependencies = [dependency]): Promise<string> {
  const dir = await harness.folder('agent');
  await writeAgentWithDependencies(dir, { dependencies });
  return dir;
}

describe('par cache', () => {
  it('is listed by par --help and explains itself with --help', async () => {
    assert.match((await par(['--help'])).stdout, /cache\s+Inspect, pre-populate or prune/);
    const help = await par(['cache', '--help']);
    assert.equal(help.code, 0);
    assert.match(help.stdout, /par cache prune \[--older-than DURATION\]/);
  });

  it('warms the cache from a package folder, once, and reports it in info', async () => {
    const cacheDir = await harness.cacheDir();
    const pkg = await agentPackage();
    const empty = await par(['cache', 'info', '--cache-dir', cacheDir]);
    assert.match(empty.stdout, /entries: 0/);

    const warm = await par(['cache', 'warm', pkg], { PAR_CACHE_DIR: cacheDir });
    assert.equal(warm.code, 0, warm.stderr);
    assert.match(warm.stdout, /^built [0-9a-f]{64} \(\d+ files\)/);
    const again = await par(['cache', 'warm', pkg, '--cache-dir', cacheDir]);
    assert.match(again.stdout, /^already cached /);

    const info = await par(['cache', 'info', '--cache-dir', cacheDir]);
    assert.match(info.stdout, /entries: 1/);
    assert.match(info.stdout, /node \d+ [a-z0-9]+-[a-z0-9]+-[a-z0-9]+, scripts off/);
    const json = JSON.parse(
      (await par(['cache', 'info', '--json'], { PAR_CACHE_DIR: cacheDir })).stdout
    ) as {
      entries: Array<{ marker: { fileCount: number } }>;
    };
    assert.equal(json.entries.length, 1);
    assert.ok((json.entries[0]?.marker.fileCount ?? 0) >= 2);
  });

  it('warms the cache from an .apkg file to the same entry as its folder', async () => {
    const cacheDir = await harness.cacheDir();
    const pkg = await agentPackage();
    const apkg = path.join(await harness.folder('packed'), 'agent.apkg');
    const packed = await packFolder({ root: pkg, output: apkg });
    assert.equal(packed.kind, 'packed', JSON.stringify(packed));

    const fromArchive = await par(['cache', 'warm', apkg, '--cache-dir', cacheDir]);
    assert.equal(fromArchive.code, 0, fromArchive.stderr);
    assert.match(fromArchive.stdout, /^built [0-9a-f]{64} /);
    const fromFolder = await par(['cache', 'warm', pkg, '--cache-dir', cacheDir]);
    assert.match(fromFolder.stdout, /^already cached /);
  });

  it('says there is nothing to cache for bundled code', async () => {
    const bundled = await agentPackage([]);
    const result = await par(['cache', 'warm', bundled, '--cache-dir', await harness.cacheDir()]);
    assert.equal(result.code, 0);
    assert.match(result.stdout, /nothing to cache: package.json has no dependencies/);
  });

  it('prunes damaged entries always, and unused ones only with --older-than', async () => {
    const cacheDir = await harness.cacheDir();
    await par(['cache', 'warm', await agentPackage(), '--cache-dir', cacheDir]);
    const [key] = await cacheEntries(cacheDir);
    const entry = path.join(cacheDir, 'dependencies/entries', key ?? '');

    const keep = await par(['cache', 'prune', '--cache-dir', cacheDir]);
    assert.match(keep.stdout, /pruned 0 entries .* kept 1 entries/);
    const recent = await par(['cache', 'prune', '--older-than', '1d', '--cache-dir', cacheDir]);
    assert.match(recent.stdout, /kept 1 entries/);

    const twoDaysAgo = new Date(Date.now() - 2 * 86_400_000);
    await utimes(path.join(entry, 'last-used'), twoDaysAgo, twoDaysAgo);
    const old = await par(['cache', 'prune', '--older-than', '1d', '--cache-dir', cacheDir]);
    assert.match(old.stdout, /removed [0-9a-f]{64} \(unused for \d+ s\)/);
    assert.deepEqual(await cacheEntries(cacheDir), []);

    await par(['cache', 'warm', await agentPackage(), '--cache-dir', cacheDir]);
    const [rebuilt] = await cacheEntries(cacheDir);
    await unlink(path.join(cacheDir, 'dependencies/entries', rebuilt ?? '', 'entry.json'));
    const damaged = await par(['cache', 'prune', '--cache-dir', cacheDir]);
    assert.match(damaged.stdout, /removed [0-9a-f]{64} \(damaged: marker missing\)/);
  });

  it('refuses usage errors with exit code 2', async () => {
    assert.equal((await par(['cache', 'info'])).code, 2);
    const bad = await par(['cache', 'prune', '--older-than', 'soon', '--cache-dir', '/tmp/x']);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /expected --older-than like 30d/);
    assert.equal((await par(['cache', 'explode', '--cache-dir', '/tmp/x'])).code, 2);
  });
});
