/**
 * Servers that misbehave, on loopback over real TLS: resets, stalls, lying Content-Lengths,
 * error statuses and oversize bodies. Transient faults are retried inside the deadline;
 * permanent ones end at the first attempt. No case leaves a file behind.
 */
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { after, before, describe, it } from 'node:test';
import { download, type DownloadOutcome } from '../../helpers/download-harness.js';
import {
  FaultServer,
  inTurn,
  serveBytes,
  serveStatus,
  type FaultHandler,
} from '../../helpers/fault-server.js';
import { makeTestCertificates, type TestCertificates } from '../../helpers/test-certificates.js';
import { trustTestCa } from '../../helpers/trust-test-ca.js';

const body = randomBytes(64 * 1024);
const digest = createHash('sha256').update(body).digest('hex');

/**
 * Sends the first half of the body after a Content-Length for all of it, then drops the
 * connection without a TLS close (resetAndDestroy cannot reach the TCP handle under TLS).
 */
const resetMidBody: FaultHandler = (request, response) => {
  response.writeHead(200, { 'content-length': body.length });
  response.write(body.subarray(0, body.length / 2), () => request.socket.destroy());
};

/** Sends headers and a few bytes, then nothing more, holding the connection open. */
const stall: FaultHandler = (_request, response) => {
  response.writeHead(200, { 'content-length': body.length });
  response.write(body.subarray(0, 1024));
};

/** Writes a raw HTTP/1.1 response whose Content-Length is `declared`, then closes. */
function rawResponse(declared: number, sent: Buffer): FaultHandler {
  return (request) => {
    const head = `HTTP/1.1 200 OK\r\nContent-Length: ${declared}\r\nConnection: close\r\n\r\n`;
    request.socket.end(Buffer.concat([Buffer.from(head), sent]));
  };
}

/** A chunked body with no Content-Length that never ends on its own. */
const endlessBody: FaultHandler = (_request, response) => {
  response.writeHead(200);
  const chunk = randomBytes(64 * 1024);
  const writeMore = (stream: ServerResponse) => {
    if (stream.destroyed || stream.writableEnded) return;
    if (stream.write(chunk)) setImmediate(() => writeMore(stream));
    else stream.once('drain', () => writeMore(stream));
  };
  writeMore(response);
};

describe('download faults', () => {
  let certificates: TestCertificates;
  let server: FaultServer;
  before(async () => {
    certificates = await makeTestCertificates();
    await trustTestCa(certificates.caPem);
    server = await FaultServer.start(certificates);
  });
  after(async () => {
    await server.close();
    await certificates.remove();
  });

  function attemptWarnings(outcome: DownloadOutcome) {
    return outcome.records.filter((record) => record.msg === 'package download attempt failed');
  }

  async function expectRetriedSuccess(path: string, outcome: DownloadOutcome, requests = 2) {
    await outcome.dispose();
    assert.equal(outcome.error, undefined, String(outcome.error));
    assert.equal(outcome.fetched?.sha256, digest);
    assert.equal(server.requestsTo(path).length, requests);
    assert.equal(attemptWarnings(outcome).length, requests - 1);
    assert.deepEqual(
      outcome.leftovers.filter((name) => name.endsWith('.partial')),
      []
    );
  }

  function expectPermanent(path: string, outcome: DownloadOutcome, code: string) {
    assert.equal(outcome.error?.code, code, String(outcome.error));
    assert.equal(server.requestsTo(path).length, 1, 'a permanent fault is not retried');
    assert.equal(attemptWarnings(outcome).length, 0);
    assert.deepEqual(outcome.leftovers, []);
    assert.ok(outcome.elapsedMs < 5000, `took ${outcome.elapsedMs} ms`);
  }

  it('retries a connection reset mid-body and then succeeds', async () => {
    server.route('/reset-once', inTurn(resetMidBody, serveBytes(body)));
    await expectRetriedSuccess('/reset-once', await download(`${server.origin}/reset-once`));
  });

  it('fails with PAR_ERR_PACKAGE_DOWNLOAD_FAILED when resets go on past the deadline', async () => {
    server.route('/reset-always', resetMidBody);
    const outcome = await download(`${server.origin}/reset-always`, { timeoutMs: 1500 });
    // FAILED when no time was left for another attempt, TIMEOUT when one was under way.
    assert.match(String(outcome.error?.code), /^PAR_ERR_PACKAGE_DOWNLOAD_(FAILED|TIMEOUT)$/);
    assert.match(outcome.error!.message, /within 1\.5 s \(PACKAGE_FETCH_TIMEOUT_SEC\)/);
    assert.ok(server.requestsTo('/reset-always').length >= 2);
    assert.deepEqual(outcome.leftovers, []);
    assert.ok(outcome.elapsedMs < 5000, `took ${outcome.elapsedMs} ms`);
  });

  it('retries a stall (no bytes for PACKAGE_STALL_TIMEOUT_SEC) and then succeeds', async () => {
    server.route('/stall-once', inTurn(stall, serveBytes(body)));
    const outcome = await download(`${server.origin}/stall-once`, { stallTimeoutMs: 500 });
    await expectRetriedSuccess('/stall-once', outcome);
    const err = attemptWarnings(outcome)[0]?.err as { message?: string } | undefined;
    assert.match(String(err?.message), /no bytes received for 0\.5 s \(stalled\)/);
    assert.ok(outcome.elapsedMs >= 500, 'the stall was waited out');
  });

  it('times out (DOWNLOAD_TIMEOUT) when the deadline passes mid-attempt', async () => {
    server.route('/stall-always', stall);
    const outcome = await download(`${server.origin}/stall-always`, {
      timeoutMs: 1000,
      stallTimeoutMs: 30_000,
    });
    assert.equal(outcome.error?.code, 'PAR_ERR_PACKAGE_DOWNLOAD_TIMEOUT', String(outcome.error));
    assert.deepEqual(outcome.leftovers, []);
    assert.ok(outcome.elapsedMs < 4000, `took ${outcome.elapsedMs} ms`);
  });

  it('retries a body shorter than its Content-Length', async () => {
    const short = rawResponse(body.length + 1000, body);
    server.route('/declares-more', inTurn(short, serveBytes(body)));
    await expectRetriedSuccess('/declares-more', await download(`${server.origin}/declares-more`));
  });

  it('never takes more bytes than the Content-Length declared', async () => {
    const declared = body.length / 2;
    server.route('/declares-less', rawResponse(declared, body));
    const outcome = await download(`${server.origin}/declares-less`, { expectedSha256: digest });
    // The bytes past the declared length are never part of the package, so it cannot verify.
    assert.equal(outcome.error?.code, 'PAR_ERR_PACKAGE_CHECKSUM_MISMATCH', String(outcome.error));
    assert.deepEqual(outcome.leftovers, []);

    const unchecked = await download(`${server.origin}/declares-less`);
    await unchecked.dispose();
    assert.equal(unchecked.fetched?.bytes, declared, String(unchecked.error));
  });

  it('retries a 500 and then succeeds', async () => {
    server.route('/500-once', inTurn(serveStatus(500), serveBytes(body)));
    const outcome = await download(`${server.origin}/500-once`);
    await expectRetriedSuccess('/500-once', outcome);
    const warning = attemptWarnings(outcome)[0];
    assert.equal(warning?.level, 'warn');
    assert.equal(warning?.attempt, 1);
    assert.equal(typeof warning?.retry_in_ms, 'number');
  });

  it('retries a 429, waiting at least its Retry-After', async () => {
    server.route('/429-once', inTurn(serveStatus(429, { 'retry-after': '1' }), serveBytes(body)));
    const outcome = await download(`${server.origin}/429-once`);
    await expectRetriedSuccess('/429-once', outcome);
    assert.ok(outcome.elapsedMs >= 1000, `retried after ${outcome.elapsedMs} ms`);
  });

  it('gives up on 503s when no time is left for another attempt', async () => {
    server.route('/503-always', serveStatus(503));
    const outcome = await download(`${server.origin}/503-always`, { timeoutMs: 2000 });
    assert.match(String(outcome.error?.code), /^PAR_ERR_PACKAGE_DOWNLOAD_(FAILED|TIMEOUT)$/);
    assert.match(outcome.error!.message, /within 2 s \(PACKAGE_FETCH_TIMEOUT_SEC\)/);
    assert.match(JSON.stringify(attemptWarnings(outcome)[0]?.err), /HTTP 503 from https:/);
    assert.ok(server.requestsTo('/503-always').length >= 3);
    assert.ok(outcome.elapsedMs < 5000, `took ${outcome.elapsedMs} ms`);
  });

  for (const status of [403, 404]) {
    it(`fails at once on ${status}`, async () => {
      server.route(`/${status}`, serveStatus(status));
      const outcome = await download(`${server.origin}/${status}`);
      expectPermanent(`/${status}`, outcome, 'PAR_ERR_PACKAGE_DOWNLOAD_REFUSED');
      assert.match(outcome.error!.message, new RegExp(`expected HTTP 200, got HTTP ${status}`));
    });
  }

  it('refuses a declared Content-Length over the cap before reading the body', async () => {
    server.route('/declared-oversize', serveBytes(body));
    const outcome = await download(`${server.origin}/declared-oversize`, {
      maxPackageBytes: 1024,
    });
    expectPermanent('/declared-oversize', outcome, 'PAR_ERR_PACKAGE_TOO_LARGE');
    assert.match(outcome.error!.message, /at most 1024 bytes .*declared Content-Length of 65536/);
  });

  it('cuts off a body without Content-Length once it passes the cap', async () => {
    server.route('/endless', endlessBody);
    const outcome = await download(`${server.origin}/endless`, { maxPackageBytes: 300 * 1024 });
    expectPermanent('/endless', outcome, 'PAR_ERR_PACKAGE_TOO_LARGE');
    assert.match(outcome.error!.message, /got more than 307200 bytes/);
  });

  it('stops and removes its files when the caller cancels', async () => {
    server.route('/stall-for-cancel', stall);
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error('boot cancelled')), 300);
    const outcome = await download(`${server.origin}/stall-for-cancel`, {
      signal: controller.signal,
      stallTimeoutMs: 30_000,
    });
    assert.equal(outcome.error?.message, 'boot cancelled');
    assert.deepEqual(outcome.leftovers, []);
    assert.ok(outcome.elapsedMs < 3000, `took ${outcome.elapsedMs} ms`);
  });
});
