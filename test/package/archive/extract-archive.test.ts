/**
 * Hostile archives, built in the test: every refusal has its stable code, and a refused archive
 * leaves nothing behind (its folder is removed, nothing appears anywhere else).
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  defaultArchiveLimits,
  extractArchive,
  type ArchiveLimits,
} from '../../../src/package/index.js';
import { isRuntimeError } from '../../../src/errors/index.js';
import { rawZip, yazlZip, type RawEntry } from '../../helpers/raw-zip.js';

const mib = 1024 * 1024;
let sandbox: string;
let parentDir: string;
let outsideDir: string;
const escapeName = `par-escape-${process.pid}.txt`;

before(async () => {
  sandbox = await mkdtemp(path.join(tmpdir(), 'par-extract-test-'));
  parentDir = path.join(sandbox, 'parent');
  outsideDir = path.join(sandbox, 'outside');
  await mkdir(parentDir);
  await mkdir(outsideDir);
  await writeFile(path.join(outsideDir, 'sentinel.txt'), 'untouched');
});

after(async () => {
  await rm(sandbox, { recursive: true, force: true });
});

async function archiveFile(bytes: Buffer): Promise<string> {
  const file = path.join(sandbox, `archive-${randomBytes(4).toString('hex')}.apkg`);
  await writeFile(file, bytes);
  return file;
}

async function extract(bytes: Buffer, limits: Partial<ArchiveLimits> = {}) {
  const file = await archiveFile(bytes);
  return extractArchive({ file, parentDir, limits: { ...defaultArchiveLimits, ...limits } });
}

/** Everything under `folder`, relative, sorted. */
async function treeOf(folder: string): Promise<string[]> {
  const entries = await readdir(folder, { recursive: true });
  return entries.map(String).sort();
}

async function assertRefused(
  bytes: Buffer,
  code: string,
  limits: Partial<ArchiveLimits> = {}
): Promise<void> {
  const outsideBefore = await treeOf(outsideDir);
  await assert.rejects(extract(bytes, limits), (error: unknown) => {
    assert.ok(isRuntimeError(error), `expected a RuntimeError, got ${String(error)}`);
    assert.equal(error.code, code, error.message);
    return true;
  });
  assert.deepEqual(await readdir(parentDir), [], 'the extraction folder was left behind');
  assert.deepEqual(await treeOf(outsideDir), outsideBefore, 'something was written outside');
  assert.equal(await readFile(path.join(outsideDir, 'sentinel.txt'), 'utf8'), 'untouched');
  for (const escaped of [path.join(sandbox, escapeName), path.join(tmpdir(), escapeName)]) {
    await assert.rejects(stat(escaped), `${escaped} was written`);
  }
}

describe('extractArchive', () => {
  it('unpacks a normal archive into a private folder and counts what it inflated', async () => {
    const bytes = await yazlZip({
      'agent.yaml': 'name: a\n',
      'dist/agent.js': 'export default {}\n',
      'ui/index.html': '<p>hi</p>',
    });
    const extracted = await extract(bytes);
    try {
      assert.equal(path.dirname(extracted.root), parentDir);
      assert.equal((await stat(extracted.root)).mode & 0o777, 0o700);
      assert.deepEqual(await treeOf(extracted.root), [
        'agent.yaml',
        'dist',
        'dist/agent.js',
        'ui',
        'ui/index.html',
      ]);
      assert.equal(extracted.entryCount, 3);
      assert.equal(extracted.fileCount, 3);
      assert.equal(extracted.extractedBytes, 8 + 18 + 9);
      assert.ok(extracted.compressedBytes > 0);
    } finally {
      await extracted.cleanup();
    }
    assert.deepEqual(await readdir(parentDir), []);
  });

  it('accepts ZIP64 archives', async () => {
    const extracted = await extract(await yazlZip({ 'agent.yaml': 'x' }, { zip64: true }));
    try {
      assert.equal(await readFile(path.join(extracted.root, 'agent.yaml'), 'utf8'), 'x');
    } finally {
      await extracted.cleanup();
    }
  });

  it('reads backslashes as separators and drops . and empty segments', async () => {
    const bytes = rawZip([
      { name: 'dist\\agent.js', data: 'a' },
      { name: './ui//index.html', data: 'b' },
    ]);
    const extracted = await extract(bytes);
    try {
      assert.deepEqual(await treeOf(extracted.root), [
        'dist',
        'dist/agent.js',
        'ui',
        'ui/index.html',
      ]);
    } finally {
      await extracted.cleanup();
    }
  });

  it('writes files without setuid, setgid or group/other write bits', async () => {
    const bytes = rawZip([
      { name: 'tool.sh', data: '#!/bin/sh\n', unixMode: 0o106777 },
      { name: 'plain.txt', data: 'x', unixMode: 0o100666 },
    ]);
    const extracted = await extract(bytes);
    try {
      assert.equal((await stat(path.join(extracted.root, 'tool.sh'))).mode & 0o7777, 0o755);
      assert.equal((await stat(path.join(extracted.root, 'plain.txt'))).mode & 0o7777, 0o644);
    } finally {
      await extracted.cleanup();
    }
  });

  const refusals: Array<[string, RawEntry[], string]> = [
    ['an absolute path', [{ name: path.join(tmpdir(), escapeName), data: 'x' }], 'UNSAFE_PATH'],
    ['a leading ..', [{ name: `../${escapeName}`, data: 'x' }], 'UNSAFE_PATH'],
    ['a .. deeper down', [{ name: `a/b/../../../${escapeName}`, data: 'x' }], 'UNSAFE_PATH'],
    ['a backslash ..', [{ name: `..\\${escapeName}`, data: 'x' }], 'UNSAFE_PATH'],
    [
      'a UNC-style \\\\..\\\\ name',
      [{ name: `\\\\..\\\\${escapeName}`, data: 'x' }],
      'UNSAFE_PATH',
    ],
    [
      'a drive letter with a backslash',
      [{ name: 'C:\\Windows\\evil.txt', data: 'x' }],
      'UNSAFE_PATH',
    ],
    ['a drive-relative name', [{ name: 'C:evil.txt', data: 'x' }], 'UNSAFE_PATH'],
    ['a NUL in the name', [{ name: 'agent\u0000.yaml', data: 'x' }], 'UNSAFE_PATH'],
    ['an empty name', [{ name: '', data: 'x' }], 'UNSAFE_PATH'],
    ['a name of 300 bytes', [{ name: 'a'.repeat(300), data: 'x' }], 'UNSAFE_PATH'],
    ['a symbolic link', [{ name: 'link', data: '/etc/passwd', unixMode: 0o120777 }], 'SYMLINK'],
    ['a FIFO', [{ name: 'pipe', data: '', unixMode: 0o010644 }], 'SYMLINK'],
    ['a block device', [{ name: 'disk', data: '', unixMode: 0o060644 }], 'SYMLINK'],
    ['an encrypted entry', [{ name: 'secret.js', data: 'x', flags: 0x1 }], 'ENCRYPTED'],
    ['a strongly encrypted entry', [{ name: 'secret.js', data: 'x', flags: 0x41 }], 'ENCRYPTED'],
    [
      'the same name twice',
      [
        { name: 'a.js', data: '1' },
        { name: 'a.js', data: '2' },
      ],
      'DUPLICATE_ENTRY',
    ],
    [
      'names that differ only in case',
      [
        { name: 'agent.yaml', data: '1' },
        { name: 'Agent.YAML', data: '2' },
      ],
      'DUPLICATE_ENTRY',
    ],
    [
      'names that differ only in Unicode normalisation',
      [
        { name: 'caf\u00e9.js', data: '1' },
        { name: 'cafe\u0301.js', data: '2' },
      ],
      'DUPLICATE_ENTRY',
    ],
    [
      'a file where a folder is needed',
      [
        { name: 'dist', data: '1' },
        { name: 'dist/agent.js', data: '2' },
      ],
      'DUPLICATE_ENTRY',
    ],
    [
      'a name that becomes a duplicate once normalised',
      [
        { name: 'a/b.js', data: '1' },
        { name: 'a\\b.js', data: '2' },
      ],
      'DUPLICATE_ENTRY',
    ],
    ['an unknown compression method', [{ name: 'a.js', data: 'x', method: 12 }], 'CORRUPT'],
    ['a CRC that does not match', [{ name: 'a.js', data: 'hello', crc: 1234 }], 'CORRUPT'],
    [
      'a header that declares fewer bytes than arrive',
      [{ name: 'a.js', data: 'x'.repeat(1000), declaredSize: 10 }],
      'CORRUPT',
    ],
    [
      'a header that declares more bytes than arrive',
      [{ name: 'a.js', data: 'x'.repeat(10), declaredSize: 1000 }],
      'CORRUPT',
    ],
  ];
  for (const [label, entries, code] of refusals) {
    it(`refuses ${label} with PAR_ERR_ARCHIVE_${code} and leaves nothing behind`, async () => {
      const bytes = rawZip([{ name: 'agent.yaml', data: 'name: a\n' }, ...entries]);
      await assertRefused(bytes, `PAR_ERR_ARCHIVE_${code}`);
    });
  }

  it('refuses more entries than MAX_PACKAGE_ENTRIES before inflating any', async () => {
    const entries = Array.from({ length: 6 }, (_, index) => ({ name: `f${index}.js`, data: 'x' }));
    await assertRefused(rawZip(entries), 'PAR_ERR_ARCHIVE_TOO_MANY_ENTRIES', { maxEntries: 5 });
  });

  it('refuses an archive file larger than MAX_PACKAGE_SIZE_MB', async () => {
    const bytes = rawZip([{ name: 'big.bin', data: randomBytes(4096), method: 0 }]);
    await assertRefused(bytes, 'PAR_ERR_ARCHIVE_TOO_LARGE', { maxPackageBytes: 1024 });
  });

  it('refuses entries declaring more than MAX_EXTRACTED_SIZE_MB in total', async () => {
    const entries = [1, 2, 3].map((index) => ({ name: `f${index}.bin`, data: randomBytes(600) }));
    await assertRefused(rawZip(entries), 'PAR_ERR_ARCHIVE_TOO_LARGE', { maxExtractedBytes: 1500 });
  });

  it('counts the bytes really inflated when a header understates the size', async () => {
    const data = randomBytes(50_000);
    const bytes = rawZip([{ name: 'liar.bin', data, declaredSize: 100 }]);
    await assertRefused(bytes, 'PAR_ERR_ARCHIVE_TOO_LARGE', { maxExtractedBytes: 10_000 });
  });

  it('refuses an entry whose header admits a bomb before inflating it', async () => {
    const bytes = rawZip([{ name: 'zeros.bin', data: Buffer.alloc(10 * mib) }]);
    await assertRefused(bytes, 'PAR_ERR_ARCHIVE_RATIO');
  });

  it('cuts off a bomb whose header lies about its size, while it inflates', async () => {
    // 64 MiB of zeros deflate to about 64 KiB; the header claims 100 bytes.
    const startedAt = Date.now();
    const bytes = rawZip([{ name: 'bomb.bin', data: Buffer.alloc(64 * mib), declaredSize: 100 }]);
    await assertRefused(bytes, 'PAR_ERR_ARCHIVE_RATIO');
    assert.ok(Date.now() - startedAt < 30_000);
  });

  it('accepts a small file that compresses past the ratio (under the 1 MiB floor)', async () => {
    const extracted = await extract(rawZip([{ name: 'spaces.txt', data: ' '.repeat(500_000) }]));
    await extracted.cleanup();
  });

  it('refuses non-zip bytes and truncated zips as PAR_ERR_ARCHIVE_CORRUPT', async () => {
    await assertRefused(Buffer.from('this is not a zip file at all'), 'PAR_ERR_ARCHIVE_CORRUPT');
    const whole = await yazlZip({ 'agent.yaml': 'x'.repeat(2000), 'b.js': 'y'.repeat(2000) });
    await assertRefused(whole.subarray(0, whole.length - 30), 'PAR_ERR_ARCHIVE_CORRUPT');
    await assertRefused(Buffer.alloc(0), 'PAR_ERR_ARCHIVE_CORRUPT');
  });
});
