/**
 * The whole way a package really arrives: the example agent packed with `par pack`, served by a
 * loopback TLS server and by the S3 emulator, then booted by a real `par run` from PACKAGE_URL
 * through download, verification and extraction to a ready runtime. `par inspect` reads the same
 * URL. The S3 boot also proves the runtime stays in the data plane: one GetObject, nothing else.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { after, before, describe, it } from 'node:test';
import { packFolder } from '../../src/package/pack/index.js';
import { FaultServer, serveBytes } from '../helpers/fault-server.js';
import { ParProcess } from '../helpers/par-process.js';
import { parCli, helloAgentDir } from '../helpers/paths.js';
import { freePort } from '../helpers/ports.js';
import { S3Emulator, s3rverCredentials } from '../helpers/s3-emulator.js';
import { makeTestCertificates, type TestCertificates } from '../helpers/test-certificates.js';

const run = promisify(execFile);

interface ServedRun {
  result: { code: number | null };
  health: number;
  echo: unknown;
  par: ParProcess;
  leftovers: string[];
}

/** Boots `par run` from `env`, checks health and invoke, stops it, and reports what was left. */
async function bootFromUrl(env: Record<string, string>): Promise<ServedRun> {
  const temp = await mkdtemp(path.join(tmpdir(), 'par-remote-tmp-'));
  const restPort = await freePort();
  const par = new ParProcess({
    args: ['run'],
    env: {
      AGENT_APP_ID: 'remote-agent',
      BIND_HOST: '127.0.0.1',
      REST_PORT: String(restPort),
      GRPC_ENABLED: 'false',
      TMPDIR: temp,
      ...env,
    },
  });
  try {
    await par.waitForMessage('runtime ready', 30_000);
    const base = `http://127.0.0.1:${restPort}`;
    const health = (await fetch(`${base}/health`)).status;
    const invoked = await fetch(`${base}/invoke`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ input: { message: 'from afar' } }),
    });
    const { output } = (await invoked.json()) as { output: { echo: unknown } };
    const result = await par.stop('SIGTERM');

    return { result, health, echo: output.echo, par, leftovers: await readdir(temp) };
  } finally {
    await par.stop('SIGKILL');
    await rm(temp, { recursive: true, force: true });
  }
}

describe('par run from a PACKAGE_URL', () => {
  let folder: string;
  let apkg: Buffer;
  let sha256: string;
  let certificates: TestCertificates;
  let server: FaultServer;
  let s3: S3Emulator;

  before(async () => {
    folder = await mkdtemp(path.join(tmpdir(), 'par-remote-'));
    const packed = await packFolder({ root: helloAgentDir, output: path.join(folder, 'a.apkg') });
    assert.equal(packed.kind, 'packed');
    apkg = await readFile(path.join(folder, 'a.apkg'));
    sha256 = packed.kind === 'packed' ? packed.sha256 : '';

    certificates = await makeTestCertificates();
    server = await FaultServer.start(certificates);
    server.route('/hello.apkg', serveBytes(apkg));
    s3 = await S3Emulator.start(['agent-packages']);
    await s3.putObject('agent-packages', 'agents/hello/0.1.0.apkg', apkg);
  });
  after(async () => {
    await s3.close();
    await server.close();
    await certificates.remove();
    await rm(folder, { recursive: true, force: true });
  });

  it('serves an https package it downloaded and unpacked, then removes both on stop', async () => {
    const served = await bootFromUrl({
      PACKAGE_URL: `${server.origin}/hello.apkg?X-Amz-Signature=topsecret`,
      PACKAGE_SHA256: sha256.toUpperCase(),
      NODE_EXTRA_CA_CERTS: certificates.caFile,
    });
    assert.equal(served.health, 200, served.par.output());
    assert.equal(served.echo, 'from afar');
    assert.equal(served.result.code, 0, served.par.output());
    const extracted = served.par.records().find((record) => record.msg === 'package extracted');
    assert.equal(extracted?.sha256, sha256);
    assert.doesNotMatch(served.par.output(), /topsecret|X-Amz-Signature/);
    assert.deepEqual(served.leftovers, [], 'download and extraction folders were removed');
  });

  it('boots from s3:// sending exactly one S3 request, a GetObject of the package', async () => {
    s3.requests.length = 0;
    const served = await bootFromUrl({
      PACKAGE_URL: 's3://agent-packages/agents/hello/0.1.0.apkg',
      PACKAGE_SHA256: sha256,
      S3_BUCKET: 'agent-packages',
      S3_ENDPOINT: s3.endpoint,
      S3_FORCE_PATH_STYLE: 'true',
      S3_CHECKSUM_MODE: 'when_required',
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: s3rverCredentials.accessKeyId,
      AWS_SECRET_ACCESS_KEY: s3rverCredentials.secretAccessKey,
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    });
    assert.equal(served.health, 200, served.par.output());
    assert.equal(served.result.code, 0, served.par.output());
    assert.deepEqual(
      s3.requests.map((request) => `${request.method} ${request.url}`),
      ['GET /agent-packages/agents/hello/0.1.0.apkg?x-id=GetObject']
    );
  });

  it('lets par inspect describe the package at an https URL', async () => {
    const { stdout } = await run(
      process.execPath,
      [parCli, 'inspect', '--json', `${server.origin}/hello.apkg`],
      {
        env: { PATH: process.env.PATH, NODE_EXTRA_CA_CERTS: certificates.caFile },
      }
    );
    const summary = JSON.parse(stdout) as { name: string; sha256: string; kind: string };
    assert.equal(summary.name, 'hello-agent');
    assert.equal(summary.kind, 'archive');
    assert.equal(summary.sha256, sha256);
  });
});
