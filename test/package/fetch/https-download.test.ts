/**
 * PACKAGE_URL=https://... against a real TLS server on loopback with a certificate made at test
 * time: a good download, the checksum, redirects, TLS trust, and that no query string is ever
 * logged or shown.
 */
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { stat } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { maxRedirects } from '../../../src/package/fetch/index.js';
import { download } from '../../helpers/download-harness.js';
import { FaultServer, serveBytes, serveStatus } from '../../helpers/fault-server.js';
import { makeTestCertificates, type TestCertificates } from '../../helpers/test-certificates.js';
import { trustTestCa } from '../../helpers/trust-test-ca.js';

const body = randomBytes(200 * 1024);
const digest = createHash('sha256').update(body).digest('hex');
const secretQuery = 'X-Amz-Credential=AKIATOPSECRET&X-Amz-Signature=deadbeefsecret';

describe('https download', () => {
  let certificates: TestCertificates;
  let server: FaultServer;
  before(async () => {
    certificates = await makeTestCertificates();
    await trustTestCa(certificates.caPem);
    server = await FaultServer.start(certificates);
    server.route('/package.apkg', serveBytes(body));
  });
  after(async () => {
    await server.close();
    await certificates.remove();
  });

  it('streams the package into a private folder and reports its SHA-256', async () => {
    const outcome = await download(`${server.origin}/package.apkg`);
    try {
      assert.equal(outcome.error, undefined, String(outcome.error));
      const fetched = outcome.fetched!;
      assert.equal(fetched.sha256, digest);
      assert.equal(fetched.bytes, body.length);
      assert.equal(fetched.origin, `${server.origin}/package.apkg`);
      assert.equal((await stat(fetched.file)).size, body.length);
      assert.equal((await stat(path.dirname(fetched.file))).mode & 0o777, 0o700);
      assert.equal((await stat(fetched.file)).mode & 0o077, 0, 'the file is private too');
      assert.deepEqual(
        outcome.leftovers.filter((name) => name.endsWith('.partial')),
        []
      );
      const done = outcome.records.find((record) => record.msg === 'package downloaded');
      assert.equal(done?.bytes, body.length);
      assert.equal(done?.host, new URL(server.origin).host);

      await fetched.cleanup();
      await assert.rejects(stat(path.dirname(fetched.file)), { code: 'ENOENT' });
    } finally {
      await outcome.dispose();
    }
  });

  it('accepts PACKAGE_SHA256 in upper case', async () => {
    // The config lower-cases it; the download compares without regard to case as well.
    const outcome = await download(`${server.origin}/package.apkg`, {
      expectedSha256: digest.toUpperCase(),
    });
    await outcome.dispose();
    assert.equal(outcome.error, undefined, String(outcome.error));
    assert.equal(outcome.fetched?.sha256, digest);
  });

  it('fails at once on a checksum mismatch, saying what it expected and got', async () => {
    server.route('/mismatch.apkg', serveBytes(body));
    const wrong = 'ab'.repeat(32);
    const outcome = await download(`${server.origin}/mismatch.apkg`, { expectedSha256: wrong });
    assert.equal(outcome.error?.code, 'PAR_ERR_PACKAGE_CHECKSUM_MISMATCH');
    assert.match(outcome.error.message, new RegExp(`expected SHA-256 ${wrong}.*got ${digest}`));
    assert.equal(server.requestsTo('/mismatch.apkg').length, 1, 'a mismatch is not retried');
    assert.deepEqual(outcome.leftovers, []);
  });

  it('never logs or shows the query string of a presigned URL', async () => {
    server.route('/signed.apkg', serveBytes(body));
    server.route('/signed-denied.apkg', serveStatus(403));
    server.route('/signed-flaky.apkg', serveStatus(503));
    const good = await download(`${server.origin}/signed.apkg?${secretQuery}`);
    await good.dispose();
    const denied = await download(`${server.origin}/signed-denied.apkg?${secretQuery}`);
    const flaky = await download(`${server.origin}/signed-flaky.apkg?${secretQuery}`, {
      timeoutMs: 1500,
    });

    assert.equal(good.error, undefined, String(good.error));
    assert.ok(server.requestsTo('/signed.apkg')[0]?.url.includes(secretQuery), 'query was sent');
    assert.equal(denied.error?.code, 'PAR_ERR_PACKAGE_DOWNLOAD_REFUSED');
    assert.equal(flaky.error?.code, 'PAR_ERR_PACKAGE_DOWNLOAD_FAILED');
    assert.ok(flaky.records.some((record) => record.msg === 'package download attempt failed'));
    for (const outcome of [good, denied, flaky]) {
      const shown = [...outcome.lines, outcome.error?.message ?? ''];
      shown.push(outcome.fetched?.origin ?? '');
      for (const text of shown) assert.doesNotMatch(text, /TOPSECRET|deadbeefsecret|X-Amz/);
    }
  });

  describe('redirects', () => {
    it('follows an https redirect, relative Location included', async () => {
      server.route('/hop-1', serveStatus(302, { location: '/hop-2' }));
      server.route('/hop-2', serveStatus(307, { location: `${server.origin}/package.apkg` }));
      const outcome = await download(`${server.origin}/hop-1`);
      await outcome.dispose();
      assert.equal(outcome.error, undefined, String(outcome.error));
      assert.equal(outcome.fetched?.sha256, digest);
    });

    it('refuses a redirect to http:// without sending anything there', async () => {
      const plain = createServer((_request, response) => response.end('plain'));
      await new Promise<void>((resolve) => plain.listen(0, '127.0.0.1', resolve));
      let plainRequests = 0;
      plain.on('request', () => (plainRequests += 1));
      const { port } = plain.address() as AddressInfo;
      server.route('/to-http', serveStatus(301, { location: `http://127.0.0.1:${port}/p.apkg` }));
      try {
        const outcome = await download(`${server.origin}/to-http`);
        assert.equal(outcome.error?.code, 'PAR_ERR_PACKAGE_REDIRECT_REFUSED');
        assert.match(outcome.error.message, /got a redirect to http:\/\/127\.0\.0\.1/);
        assert.equal(plainRequests, 0);
        assert.equal(server.requestsTo('/to-http').length, 1, 'a refused redirect is final');
        assert.deepEqual(outcome.leftovers, []);
      } finally {
        plain.close();
      }
    });

    it('refuses a redirect loop', async () => {
      server.route('/loop-a', serveStatus(302, { location: '/loop-b' }));
      server.route('/loop-b', serveStatus(302, { location: '/loop-a' }));
      const outcome = await download(`${server.origin}/loop-a`);
      assert.equal(outcome.error?.code, 'PAR_ERR_PACKAGE_REDIRECT_REFUSED');
      assert.match(outcome.error.message, /redirect loop back to https:\/\/.*\/loop-a/);
      assert.equal(server.requestsTo('/loop-a').length, 1);
    });

    it(`refuses more than ${maxRedirects} redirects`, async () => {
      for (let hop = 0; hop <= maxRedirects; hop += 1) {
        server.route(`/chain-${hop}`, serveStatus(302, { location: `/chain-${hop + 1}` }));
      }
      server.route(`/chain-${maxRedirects + 1}`, serveBytes(body));
      const outcome = await download(`${server.origin}/chain-0`);
      assert.equal(outcome.error?.code, 'PAR_ERR_PACKAGE_REDIRECT_REFUSED');
      assert.equal(server.requestsTo(`/chain-${maxRedirects + 1}`).length, 0);
    });

    it('refuses a redirect without a Location', async () => {
      server.route('/no-location', serveStatus(302));
      const outcome = await download(`${server.origin}/no-location`);
      assert.equal(outcome.error?.code, 'PAR_ERR_PACKAGE_REDIRECT_REFUSED');
    });
  });

  it('refuses a certificate from a CA it does not trust, at once', async () => {
    const stranger = await makeTestCertificates('Untrusted test CA');
    const untrusted = await FaultServer.start(stranger);
    untrusted.route('/package.apkg', serveBytes(body));
    try {
      const outcome = await download(`${untrusted.origin}/package.apkg`);
      assert.equal(outcome.error?.code, 'PAR_ERR_PACKAGE_TLS_FAILED');
      assert.match(outcome.error.message, /NODE_EXTRA_CA_CERTS/);
      assert.equal(untrusted.requests.length, 0, 'no request over an untrusted connection');
    } finally {
      await untrusted.close();
      await stranger.remove();
    }
  });
});
