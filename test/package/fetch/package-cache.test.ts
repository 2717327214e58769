/**
 * The digest cache under PAR_CACHE_DIR: a verified download is stored under its SHA-256, a
 * later acquisition with the same PACKAGE_SHA256 makes no request at all, and an entry whose
 * bytes no longer match is discarded and downloaded again.
 */
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, beforeEach, describe, it } from 'node:test';
import { packageCacheFolder } from '../../../src/package/fetch/index.js';
import { download } from '../../helpers/download-harness.js';
import { FaultServer, serveBytes } from '../../helpers/fault-server.js';
import { makeTestCertificates, type TestCertificates } from '../../helpers/test-certificates.js';
import { trustTestCa } from '../../helpers/trust-test-ca.js';

const body = randomBytes(128 * 1024);
const digest = createHash('sha256').update(body).digest('hex');

describe('package cache', () => {
  let certificates: TestCertificates;
  let server: FaultServer;
  let cacheDir: string;
  let url: string;
  before(async () => {
    certificates = await makeTestCertificates();
    await trustTestCa(certificates.caPem);
    server = await FaultServer.start(certificates);
    url = server.route('/package.apkg', serveBytes(body));
  });
  beforeEach(async () => {
    cacheDir = await mkdtemp(path.join(tmpdir(), 'par-cache-test-'));
    server.requests.length = 0;
  });
  after(async () => {
    await server.close();
    await certificates.remove();
  });
  const entry = () => path.join(cacheDir, packageCacheFolder, `${digest}.apkg`);

  it('serves the second acquisition from the cache without any request', async () => {
    try {
      const first = await download(url, { cacheDir, expectedSha256: digest });
      await first.dispose();
      assert.equal(first.fetched?.fromCache, false, String(first.error));
      assert.deepEqual(await readFile(entry()), body);
      assert.equal(server.requests.length, 1);

      const second = await download(url, { cacheDir, expectedSha256: digest });
      try {
        assert.equal(second.fetched?.fromCache, true, String(second.error));
        assert.equal(second.fetched?.sha256, digest);
        assert.deepEqual(await readFile(second.fetched.file), body);
        assert.notEqual(second.fetched.file, entry(), 'a private copy, not the shared entry');
        assert.equal(server.requests.length, 1, 'no request for a cached package');
        assert.ok(second.records.some((record) => record.msg === 'package cache hit'));
      } finally {
        await second.dispose();
      }
      assert.deepEqual(await readFile(entry()), body, 'cleanup leaves the cache entry');
    } finally {
      await rm(cacheDir, { recursive: true, force: true });
    }
  });

  it('discards an entry whose bytes no longer match and downloads again', async () => {
    try {
      await (await download(url, { cacheDir, expectedSha256: digest })).dispose();
      await writeFile(entry(), Buffer.from('tampered'));

      const again = await download(url, { cacheDir, expectedSha256: digest });
      await again.dispose();
      assert.equal(again.fetched?.fromCache, false, String(again.error));
      assert.equal(server.requests.length, 2);
      const warning = again.records.find((record) =>
        String(record.msg).includes('cache entry not used')
      );
      assert.equal(warning?.discarded, true);
      assert.deepEqual(await readFile(entry()), body, 'the entry was replaced');
      const names = await readdir(path.join(cacheDir, packageCacheFolder));
      assert.deepEqual(names, [`${digest}.apkg`], 'no partial entry left behind');
    } finally {
      await rm(cacheDir, { recursive: true, force: true });
    }
  });

  it('neither reads nor writes the cache without PACKAGE_SHA256', async () => {
    try {
      const outcome = await download(url, { cacheDir });
      await outcome.dispose();
      assert.equal(outcome.fetched?.fromCache, false, String(outcome.error));
      assert.deepEqual(await readdir(cacheDir), []);
    } finally {
      await rm(cacheDir, { recursive: true, force: true });
    }
  });

  it('still boots when the cache folder cannot be written', async () => {
    const blocked = path.join(cacheDir, 'not-a-folder');
    await writeFile(blocked, 'a file where the cache folder should be');
    try {
      const outcome = await download(url, { cacheDir: blocked, expectedSha256: digest });
      await outcome.dispose();
      assert.equal(outcome.fetched?.sha256, digest, String(outcome.error));
      assert.ok(outcome.records.some((record) => record.msg === 'package cache write failed'));
    } finally {
      await rm(cacheDir, { recursive: true, force: true });
    }
  });
});
