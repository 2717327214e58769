/**
 * `par run` with PACKAGE_URL pointing at a loopback TLS server whose CA exists only in the file
 * NODE_EXTRA_CA_CERTS names: the real child process trusts it through Node's standard variable,
 * and a failed download ends through the boot-failure path with one error line and a code.
 */
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { FaultServer, serveBytes } from '../helpers/fault-server.js';
import { ParProcess } from '../helpers/par-process.js';
import { freePort } from '../helpers/ports.js';
import { makeTestCertificates, type TestCertificates } from '../helpers/test-certificates.js';

const body = randomBytes(32 * 1024);
const digest = createHash('sha256').update(body).digest('hex');
const secretQuery = 'X-Amz-Credential=AKIATOPSECRET&X-Amz-Signature=deadbeefsecret';

describe('par run with PACKAGE_URL', () => {
  let certificates: TestCertificates;
  let server: FaultServer;
  let url: string;
  before(async () => {
    certificates = await makeTestCertificates();
    server = await FaultServer.start(certificates);
    url = `${server.route('/package.apkg', serveBytes(body))}?${secretQuery}`;
    // Headers and a few bytes, then silence with the connection held open.
    server.route('/stalls.apkg', (_request, response) => {
      response.writeHead(200, { 'content-length': body.length });
      response.write(body.subarray(0, 100));
    });
  });
  after(async () => {
    await server.close();
    await certificates.remove();
  });

  async function run(env: Record<string, string>, whileRunning?: (par: ParProcess) => unknown) {
    const temp = await mkdtemp(path.join(tmpdir(), 'par-run-tmp-'));
    try {
      const par = new ParProcess({
        args: ['run'],
        env: {
          AGENT_APP_ID: 'test-agent',
          BIND_HOST: '127.0.0.1',
          REST_PORT: String(await freePort()),
          GRPC_ENABLED: 'false',
          PACKAGE_URL: url,
          TMPDIR: temp,
          ...env,
        },
      });
      await whileRunning?.(par);
      const result = await par.exited;
      const errors = par.records().filter((record) => record.level === 'error');
      return { par, result, errors, leftovers: await readdir(temp) };
    } finally {
      await rm(temp, { recursive: true, force: true });
    }
  }

  it('exits 1 with one PAR_ERR_PACKAGE_CHECKSUM_MISMATCH line on a wrong digest', async () => {
    const { par, result, errors, leftovers } = await run({
      NODE_EXTRA_CA_CERTS: certificates.caFile,
      PACKAGE_SHA256: 'AB'.repeat(32),
    });
    assert.equal(result.code, 1, par.output());
    assert.equal(errors.length, 1, par.output());
    assert.equal(errors[0]?.code, 'PAR_ERR_PACKAGE_CHECKSUM_MISMATCH');
    assert.match(String(errors[0]?.msg), /^boot failed: expected SHA-256 (ab){32}/);
    assert.match(String(errors[0]?.msg), new RegExp(`got ${digest}`));
    assert.doesNotMatch(par.output(), /TOPSECRET|deadbeefsecret|X-Amz/);
    assert.deepEqual(leftovers, [], 'the download folder was removed');
  });

  it('trusts the CA in NODE_EXTRA_CA_CERTS and downloads the package', async () => {
    const { par, result, leftovers } = await run({
      NODE_EXTRA_CA_CERTS: certificates.caFile,
      PACKAGE_SHA256: digest,
    });
    const downloaded = par.records().find((record) => record.msg === 'package downloaded');
    assert.equal(downloaded?.sha256, digest, par.output());
    assert.equal(downloaded?.source, `${server.origin}/package.apkg`);
    // The random bytes are no package: the boot fails after the download, and cleans up.
    assert.equal(result.code, 1, par.output());
    assert.doesNotMatch(par.output(), /TOPSECRET|deadbeefsecret|X-Amz/);
    assert.deepEqual(leftovers, []);
  });

  it('refuses the server without NODE_EXTRA_CA_CERTS', async () => {
    const { par, result, errors } = await run({});
    assert.equal(result.code, 1, par.output());
    assert.equal(errors.length, 1, par.output());
    assert.equal(errors[0]?.code, 'PAR_ERR_PACKAGE_TLS_FAILED');
  });

  it('removes the download folder when SIGTERM arrives mid-download', async () => {
    const startedAt = Date.now();
    const { par, result, leftovers } = await run(
      {
        NODE_EXTRA_CA_CERTS: certificates.caFile,
        PACKAGE_URL: `${server.origin}/stalls.apkg`,
      },
      async (running) => {
        await running.waitForMessage('package download started');
        running.signal('SIGTERM');
      }
    );
    assert.equal(result.code, 0, par.output());
    assert.deepEqual(leftovers, [], 'the partial download was removed');
    assert.ok(Date.now() - startedAt < 20_000, 'the stop did not wait for the download');
  });

  it('removes the download folder when the boot deadline passes mid-download', async () => {
    const { par, result, errors, leftovers } = await run({
      NODE_EXTRA_CA_CERTS: certificates.caFile,
      PACKAGE_URL: `${server.origin}/stalls.apkg`,
      STARTUP_TIMEOUT_SEC: '2',
    });
    assert.equal(result.code, 1, par.output());
    assert.equal(errors.length, 1, par.output());
    assert.equal(errors[0]?.code, 'PAR_ERR_BOOT_TIMEOUT');
    assert.deepEqual(leftovers, []);
  });
});
