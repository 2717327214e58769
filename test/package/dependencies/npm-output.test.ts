import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { npmCiArgs, redactNpmOutput } from '../../../src/package/index.js';
import {
  classifyNpmFailure,
  summariseNpmErrors,
} from '../../../src/package/dependencies/npm-output.js';

describe('redactNpmOutput', () => {
  it('removes registry tokens, basic auth and presigned query strings', () => {
    const text = [
      'npm error 401 https://user:s3cret@registry.example.com/pkg/-/pkg-1.0.0.tgz',
      'npm error //registry.example.com/:_authToken=abcdef123456',
      'npm error authorization: Bearer eyJhbGciOi.payload.sig',
      'npm error token npm_abcdefghijklmnopqrstuvwxyz0123456789',
      'npm error https://bucket.s3.amazonaws.com/pkg.tgz?X-Amz-Signature=deadbeef',
    ].join('\n');
    const clean = redactNpmOutput(text);
    for (const secret of ['s3cret', 'abcdef123456', 'eyJhbGciOi', 'npm_abcdefghij', 'deadbeef']) {
      assert.ok(!clean.includes(secret), `${secret} leaked: ${clean}`);
    }
    assert.match(clean, /registry\.example\.com/);
  });
});

describe('summariseNpmErrors', () => {
  it("keeps npm's error lines without the log file notice", () => {
    const stderr = [
      'npm warn deprecated x',
      'npm error code ENOTCACHED',
      'npm error request to http://127.0.0.1:9/dep failed',
      'npm error A complete log of this run can be found in: /x.log',
    ].join('\n');
    assert.equal(
      summariseNpmErrors(stderr),
      'code ENOTCACHED\nrequest to http://127.0.0.1:9/dep failed'
    );
  });
});

describe('classifyNpmFailure', () => {
  it('maps npm codes to stable install codes', () => {
    assert.equal(
      classifyNpmFailure('npm error code ENOTCACHED\n'),
      'PAR_ERR_INSTALL_OFFLINE_MISSING'
    );
    assert.equal(
      classifyNpmFailure(
        'npm error code EUSAGE\nnpm error `npm ci` can only install packages when your ' +
          'package.json and package-lock.json or npm-shrinkwrap.json are in sync.\n'
      ),
      'PAR_ERR_INSTALL_LOCKFILE_MISMATCH'
    );
    assert.equal(classifyNpmFailure('npm error code ECONNREFUSED\n'), 'PAR_ERR_INSTALL_FAILED');
    assert.equal(classifyNpmFailure('Killed\n'), 'PAR_ERR_INSTALL_FAILED');
  });
});

describe('npmCiArgs', () => {
  it('installs production dependencies only, scripts off and offline only when asked', () => {
    const base = npmCiArgs({ npmCacheDir: '/cache/npm', installScripts: false, offline: false });
    assert.deepEqual(base.slice(0, 2), ['ci', '--omit=dev']);
    assert.ok(base.includes('--ignore-scripts'));
    assert.ok(base.includes('--prefer-offline'));
    assert.deepEqual(base.slice(-2), ['--cache', '/cache/npm']);
    const allowed = npmCiArgs({ npmCacheDir: undefined, installScripts: true, offline: true });
    assert.ok(!allowed.includes('--ignore-scripts'));
    assert.ok(allowed.includes('--offline'));
    assert.ok(!allowed.includes('--cache'));
  });
});
