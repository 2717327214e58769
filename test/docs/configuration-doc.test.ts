import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, it } from 'node:test';
import { settingDoc, settingNames } from '../../src/config/index.js';
import { codeRows, unquote } from '../helpers/markdown.js';
import { repoRoot } from '../helpers/paths.js';

describe('docs/configuration.md', () => {
  it('lists exactly the schema variables, each with the default the schema applies', async () => {
    const text = await readFile(path.join(repoRoot, 'docs/configuration.md'), 'utf8');
    const documented = new Map(
      codeRows(text).map(([name = '', fallback = '']) => [unquote(name), fallback])
    );
    assert.deepEqual([...documented.keys()].sort(), settingNames().sort());
    for (const name of settingNames()) {
      const expected = settingDoc(name).default;
      const written = documented.get(name);
      assert.equal(written, expected === undefined ? 'unset' : `\`${expected}\``, name);
    }
  });
});
