/** The boot failure counter file on a real file system, in a temporary folder. */
import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { BootFailureCounter, bootFailureCounterFile } from '../../src/lifecycle/index.js';
import { capturingLogger } from '../helpers/rest-harness.js';

let scratch: string;
let folders = 0;
before(async () => {
  scratch = await mkdtemp(path.join(tmpdir(), 'par-counter-'));
});
after(() => rm(scratch, { recursive: true, force: true }));

function counterIn(stateDir: string | undefined) {
  const { logger, logs } = capturingLogger();
  return { counter: new BootFailureCounter({ stateDir, logger }), logs };
}

function freshDir(): string {
  folders += 1;
  return path.join(scratch, `state-${folders}`, 'nested');
}

describe('BootFailureCounter', () => {
  it('counts 0 and writes nothing without a state folder', async () => {
    const { counter, logs } = counterIn(undefined);
    assert.equal(counter.file, undefined);
    assert.equal(await counter.read(), 0);
    await counter.record(3);
    assert.equal(await counter.read(), 0);
    assert.equal(logs.records.length, 0);
  });

  it('counts 0, without a warning, when the folder or the file does not exist yet', async () => {
    const { counter, logs } = counterIn(freshDir());
    assert.equal(await counter.read(), 0);
    assert.equal(logs.records.length, 0);
  });

  it('creates the folder and keeps the count, leaving no temporary file', async () => {
    const dir = freshDir();
    await counterIn(dir).counter.record(4, 'PAR_ERR_BOOT_TIMEOUT');

    const { counter } = counterIn(dir);
    assert.equal(await counter.read(), 4);
    assert.deepEqual(await readdir(dir), [bootFailureCounterFile]);
    const text = await readFile(path.join(dir, bootFailureCounterFile), 'utf8');
    const stored = JSON.parse(text) as { last_failure_code: string; updated_at: string };
    assert.equal(stored.last_failure_code, 'PAR_ERR_BOOT_TIMEOUT');
    assert.ok(!Number.isNaN(Date.parse(stored.updated_at)));
  });

  it('resets a non-zero count to 0', async () => {
    const dir = freshDir();
    await counterIn(dir).counter.record(2);
    const { counter } = counterIn(dir);
    await counter.read();
    await counter.reset();
    assert.equal(await counterIn(dir).counter.read(), 0);
  });

  it('does not write on reset when there was nothing to reset', async () => {
    const dir = freshDir();
    const { counter } = counterIn(dir);
    await counter.read();
    await counter.reset();
    await assert.rejects(readdir(dir), { code: 'ENOENT' });
  });

  for (const [label, text] of [
    ['text that is not JSON', 'three'],
    ['a negative count', '{"consecutive_failures":-1}'],
    ['a fractional count', '{"consecutive_failures":1.5}'],
    ['a count that is a string', '{"consecutive_failures":"2"}'],
    ['JSON of another shape', '[2]'],
    ['an empty file', ''],
  ]) {
    it(`counts 0 with a warning, and repairs on reset, for ${label}`, async () => {
      const dir = freshDir();
      await counterIn(dir).counter.record(0);
      await writeFile(path.join(dir, bootFailureCounterFile), text!);

      const { counter, logs } = counterIn(dir);
      assert.equal(await counter.read(), 0);
      assert.equal(logs.withMessage('boot failure counter damaged: counting 0').length, 1);
      await counter.reset();
      assert.equal(await counterIn(dir).counter.read(), 0);
      assert.equal(logs.withMessage('boot failure counter damaged: counting 0').length, 1);
    });
  }

  it('warns instead of throwing when the folder cannot be created or read', async () => {
    const blocker = path.join(scratch, 'a-file');
    await writeFile(blocker, 'x');
    const { counter, logs } = counterIn(path.join(blocker, 'state'));

    assert.equal(await counter.read(), 0);
    await counter.record(1);
    assert.equal(logs.withMessage('boot failure counter unreadable: counting 0').length, 1);
    assert.equal(logs.withMessage('boot failure counter not written').length, 1);
  });
});
