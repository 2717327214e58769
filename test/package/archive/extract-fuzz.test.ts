/**
 * Property-based fuzzing of the extractor with fast-check: mutated valid archives, random
 * entries with hostile names and header fields, and truncations. Whatever the bytes, the
 * extractor either refuses with a PAR_ERR code (leaving nothing behind) or unpacks regular
 * files and folders strictly inside its own folder; nothing is written anywhere else and no
 * exception escapes.
 */
import assert from 'node:assert/strict';
import {
  lstat,
  mkdir,
  mkdtemp,
  readdir,
  readFile,
  realpath,
  rm,
  writeFile,
} from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { isErrorCode } from '../../../src/errors/index.js';
import { extractArchive, type ArchiveLimits } from '../../../src/package/index.js';
import { rawZip, yazlZip, type RawEntry } from '../../helpers/raw-zip.js';

const numRuns = 200;
const limits: ArchiveLimits = {
  maxPackageBytes: 1024 * 1024,
  maxEntries: 50,
  maxExtractedBytes: 4 * 1024 * 1024,
  maxCompressionRatio: 50,
};

let sandbox: string;
let parentDir: string;
let outsideDir: string;
let archive: string;
let validArchive: Buffer;
const uncaught: unknown[] = [];
const recordUncaught = (error: unknown) => uncaught.push(error);

before(async () => {
  sandbox = await mkdtemp(path.join(tmpdir(), 'par-fuzz-test-'));
  parentDir = path.join(sandbox, 'parent');
  outsideDir = path.join(sandbox, 'outside');
  archive = path.join(sandbox, 'fuzz.apkg');
  await mkdir(parentDir);
  await mkdir(outsideDir);
  await writeFile(path.join(outsideDir, 'sentinel.txt'), 'untouched');
  validArchive = await yazlZip({
    'agent.yaml': 'name: fuzz\nmetadata:\n  version: 1.0.0\n',
    'dist/agent.js': 'export default { invoke: (input) => input };\n'.repeat(20),
    'ui/index.html': '<!doctype html><title>fuzz</title>',
    'data/blob.bin': Buffer.from(Array.from({ length: 3000 }, (_, index) => (index * 7) % 256)),
  });
  process.on('uncaughtException', recordUncaught);
});

after(async () => {
  process.off('uncaughtException', recordUncaught);
  await rm(sandbox, { recursive: true, force: true });
});

/** Runs the extractor on `bytes` and checks the property; true when it extracted. */
async function extractsSafelyOrRefuses(bytes: Buffer): Promise<boolean> {
  await writeFile(archive, bytes);
  let extracted;
  try {
    extracted = await extractArchive({ file: archive, parentDir, limits });
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    assert.ok(isErrorCode(code), `expected a PAR_ERR code, got ${String(error)}`);
    assert.deepEqual(await readdir(parentDir), [], 'a refused archive left its folder behind');
    await assertOutsideUntouched();
    return false;
  }

  try {
    const root = await realpath(extracted.root);
    for (const relative of await readdir(root, { recursive: true })) {
      const full = path.join(root, String(relative));
      const info = await lstat(full);
      assert.ok(info.isFile() || info.isDirectory(), `${full} is neither a file nor a folder`);
      assert.equal(info.mode & 0o7000, 0, `${full} has a setuid, setgid or sticky bit`);
      const real = await realpath(full);
      assert.ok(real.startsWith(root + path.sep), `${real} is outside ${root}`);
    }
    await assertOutsideUntouched();
  } finally {
    await extracted.cleanup();
  }
  return true;
}

async function assertOutsideUntouched(): Promise<void> {
  assert.deepEqual((await readdir(sandbox)).sort(), ['fuzz.apkg', 'outside', 'parent']);
  assert.deepEqual(await readdir(outsideDir), ['sentinel.txt']);
  assert.equal(await readFile(path.join(outsideDir, 'sentinel.txt'), 'utf8'), 'untouched');
}

const namePart = fc.oneof(
  fc.constantFrom(
    '..',
    '.',
    '',
    'a',
    'B',
    'agent.yaml',
    'C:',
    'c:',
    '\\',
    '\u0000',
    'é',
    'e\u0301'
  ),
  fc.string({ maxLength: 8 }),
  fc.string({ unit: 'binary', maxLength: 6 })
);
const entryName = fc
  .tuple(fc.array(namePart, { minLength: 1, maxLength: 5 }), fc.constantFrom('/', '\\'))
  .map(([parts, separator]) => parts.join(separator));

const rawEntry: fc.Arbitrary<RawEntry> = fc.record({
  name: entryName,
  data: fc.oneof(fc.string({ maxLength: 200 }), fc.constant('z'.repeat(3000))),
  method: fc.constantFrom(0, 8, 8, 8, 12),
  flags: fc.constantFrom(0, 0, 0, 0x1, 0x8, 0x41),
  unixMode: fc.oneof(
    fc.constantFrom(0o100644, 0o100755, 0o104755, 0o040755, 0o120777, 0o010644, 0o020644),
    fc.integer({ min: 0, max: 0xffff })
  ),
  declaredSize: fc.option(fc.nat({ max: 10_000 }), { nil: undefined }),
});

describe('extractArchive under fuzzing', () => {
  it('refuses or extracts inside its folder for mutated valid archives', async () => {
    let extractedCount = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 1, max: 255 })), {
          minLength: 1,
          maxLength: 8,
        }),
        async (flips) => {
          const bytes = Buffer.from(validArchive);
          for (const [at, mask] of flips) {
            const index = at % bytes.length;
            bytes[index] = (bytes[index] ?? 0) ^ mask;
          }
          if (await extractsSafelyOrRefuses(bytes)) extractedCount += 1;
        }
      ),
      { numRuns }
    );
    assert.equal(uncaught.length, 0, `uncaught: ${uncaught.map(String).join('; ')}`);
    // Some mutations only touch data or timestamps; the property was really exercised both ways.
    assert.ok(extractedCount > 0 && extractedCount < numRuns, `${extractedCount} extracted`);
  });

  it('refuses or extracts inside its folder for random entries with hostile names', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(rawEntry, { minLength: 1, maxLength: 6 }), async (entries) => {
        await extractsSafelyOrRefuses(rawZip(entries));
      }),
      { numRuns }
    );
    assert.equal(uncaught.length, 0, `uncaught: ${uncaught.map(String).join('; ')}`);
  });

  it('refuses or extracts inside its folder for truncated and spliced archives', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.nat(),
        fc.nat(),
        fc.uint8Array({ maxLength: 64 }),
        async (cutA, cutB, junk) => {
          const from = cutA % validArchive.length;
          const to = from + (cutB % (validArchive.length - from + 1));
          const bytes = Buffer.concat([
            validArchive.subarray(0, from),
            Buffer.from(junk),
            validArchive.subarray(to),
          ]);
          await extractsSafelyOrRefuses(bytes);
        }
      ),
      { numRuns }
    );
    assert.equal(uncaught.length, 0, `uncaught: ${uncaught.map(String).join('; ')}`);
  });
});
