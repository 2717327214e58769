import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, it } from 'node:test';
import { errorCatalogue } from '../../src/errors/index.js';
import { codeRows, unquote } from '../helpers/markdown.js';
import { repoRoot } from '../helpers/paths.js';

describe('docs/errors.md', () => {
  it('documents exactly the codes of the catalogue, each once', async () => {
    const text = await readFile(path.join(repoRoot, 'docs/errors.md'), 'utf8');
    const documented = codeRows(text).map(([code = '']) => unquote(code));
    assert.equal(new Set(documented).size, documented.length, 'a code is documented twice');
    assert.deepEqual(documented.sort(), Object.keys(errorCatalogue).sort());
  });
});
