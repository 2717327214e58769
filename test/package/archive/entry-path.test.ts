import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { safeEntryPath } from '../../../src/package/index.js';

describe('safeEntryPath', () => {
  for (const [name, expected, isDirectory] of [
    ['agent.yaml', 'agent.yaml', false],
    ['dist/agent.js', 'dist/agent.js', false],
    ['dist\\agent.js', 'dist/agent.js', false],
    ['./dist//ui/', 'dist/ui', true],
    ['ui\\', 'ui', true],
    ['caf\u00e9/..x', 'caf\u00e9/..x', false],
  ] as const) {
    it(`reads ${JSON.stringify(name)} as ${expected}`, () => {
      assert.deepEqual(safeEntryPath(name), { path: expected, isDirectory });
    });
  }

  for (const name of [
    '/etc/passwd',
    '..',
    'a/../b',
    '..\\x',
    'C:/x',
    'd:x',
    '\\\\srv\\x',
    '.',
    './',
    'a\nb',
  ]) {
    it(`refuses ${JSON.stringify(name)}`, () => {
      assert.throws(() => safeEntryPath(name), { code: 'PAR_ERR_ARCHIVE_UNSAFE_PATH' });
    });
  }
});
