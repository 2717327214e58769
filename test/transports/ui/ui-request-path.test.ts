/** The request-path parser and the cache policy as plain functions: the rules in one table. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cacheControlFor, parseUiRequestPath } from '../../../src/transports/ui/index.js';

describe('parseUiRequestPath', () => {
  it('accepts plain paths and says whether they look like assets', () => {
    assert.deepEqual(parseUiRequestPath(''), { kind: 'file', relative: '', looksLikeAsset: false });
    assert.deepEqual(parseUiRequestPath('app.js'), {
      kind: 'file',
      relative: 'app.js',
      looksLikeAsset: true,
    });
    assert.deepEqual(parseUiRequestPath('users/42/'), {
      kind: 'file',
      relative: 'users/42',
      looksLikeAsset: false,
    });
    assert.deepEqual(parseUiRequestPath('my%20file.css'), {
      kind: 'file',
      relative: 'my file.css',
      looksLikeAsset: true,
    });
  });

  it('refuses every way out of the folder and every malformed path', () => {
    const refused = [
      '..',
      '../x',
      'a/../../x',
      '%2e%2e/x',
      '%2E%2e/x',
      '..%2fx',
      '%252e%252e/x',
      '..\\x',
      '..%5cx',
      'x%00.js',
      'a//b',
      './x',
      'a/./b',
      '%E0%A4%A',
      'x%0d%0a.js',
    ];
    for (const path of refused) assert.equal(parseUiRequestPath(path).kind, 'refused', path);
  });

  it('hides dotfiles and dot-folders, plain or encoded', () => {
    for (const path of ['.env', '.git/config', 'a/.secret/b.js', '%2eenv']) {
      assert.deepEqual(parseUiRequestPath(path), { kind: 'hidden' }, path);
    }
  });
});

describe('cacheControlFor', () => {
  it('caches only fingerprinted names for a year as immutable', () => {
    const immutable = 'public, max-age=31536000, immutable';
    assert.equal(cacheControlFor('app.3f9a1c2b.js'), immutable);
    assert.equal(cacheControlFor('assets/chunk-0a1b2c3d4e5f.css'), immutable);
    for (const name of ['app.js', 'index.html', 'jquery-3.7.1.min.js', 'app.3F9A1C2B.js']) {
      assert.equal(cacheControlFor(name), 'no-cache', name);
    }
    assert.equal(cacheControlFor('index-BXk3e9aZ.js'), 'no-cache');
  });
});
