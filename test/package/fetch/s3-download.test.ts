/**
 * PACKAGE_URL=s3://bucket/key against s3rver on loopback, behind a proxy that records every
 * request: the runtime sends exactly one GetObject, streams it, and maps S3's refusals to
 * clear permanent errors. Credentials come from the SDK's default chain (here: environment).
 */
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { download } from '../../helpers/download-harness.js';
import { freePort } from '../../helpers/ports.js';
import { S3Emulator, s3rverCredentials } from '../../helpers/s3-emulator.js';

// The SDK's default credential chain reads these first; no instance metadata is tried.
process.env.AWS_ACCESS_KEY_ID = s3rverCredentials.accessKeyId;
process.env.AWS_SECRET_ACCESS_KEY = s3rverCredentials.secretAccessKey;
process.env.AWS_EC2_METADATA_DISABLED = 'true';
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

const bucket = 'pixell-agent-packages';
const key = 'agents/hello/1.0.0/package.apkg';
const body = randomBytes(300 * 1024);
const digest = createHash('sha256').update(body).digest('hex');

describe('s3 download', () => {
  let s3: S3Emulator;
  const aws = (checksum: 'when_supported' | 'when_required' = 'when_supported') => ({
    region: 'us-east-1',
    s3Endpoint: s3.endpoint,
    s3ForcePathStyle: true,
    s3ChecksumMode: checksum,
  });
  before(async () => {
    s3 = await S3Emulator.start([bucket]);
    await s3.putObject(bucket, key, body);
  });
  after(() => s3.close());

  for (const checksum of ['when_supported', 'when_required'] as const) {
    it(`downloads with one GetObject and nothing else (S3_CHECKSUM_MODE=${checksum})`, async () => {
      s3.requests.length = 0;
      const outcome = await download(`s3://${bucket}/${key}`, {
        aws: aws(checksum),
        expectedSha256: digest,
      });
      await outcome.dispose();

      assert.equal(outcome.error, undefined, String(outcome.error));
      assert.equal(outcome.fetched?.sha256, digest);
      assert.equal(outcome.fetched?.bytes, body.length);
      assert.equal(outcome.fetched?.origin, `s3://${bucket}/${key}`);
      assert.deepEqual(s3.requests, [{ method: 'GET', url: `/${bucket}/${key}?x-id=GetObject` }]);
      const started = outcome.records.find((record) => record.msg === 'package download started');
      assert.equal(started?.bucket, bucket);
      assert.equal(started?.key, key);
      assert.equal(started?.host, new URL(s3.endpoint).host);
    });
  }

  it('fails at once with a clear error for a missing key', async () => {
    s3.requests.length = 0;
    const outcome = await download(`s3://${bucket}/agents/missing.apkg`, { aws: aws() });
    assert.equal(outcome.error?.code, 'PAR_ERR_PACKAGE_DOWNLOAD_REFUSED', String(outcome.error));
    assert.match(outcome.error.message, /NoSuchKey \(HTTP 404\) for GetObject s3:\/\/.*missing/);
    assert.equal(s3.requests.length, 1);
    assert.deepEqual(outcome.leftovers, []);
  });

  it('fails at once with a clear error for a bucket that does not exist', async () => {
    s3.requests.length = 0;
    const outcome = await download(`s3://no-such-bucket/${key}`, { aws: aws() });
    assert.equal(outcome.error?.code, 'PAR_ERR_PACKAGE_DOWNLOAD_REFUSED', String(outcome.error));
    assert.match(outcome.error.message, /NoSuchBucket \(HTTP 404\)/);
    assert.equal(s3.requests.length, 1);
  });

  it('fails at once on a checksum mismatch', async () => {
    s3.requests.length = 0;
    const outcome = await download(`s3://${bucket}/${key}`, {
      aws: aws(),
      expectedSha256: '0'.repeat(64),
    });
    assert.equal(outcome.error?.code, 'PAR_ERR_PACKAGE_CHECKSUM_MISMATCH');
    assert.match(outcome.error.message, new RegExp(`got ${digest}`));
    assert.equal(s3.requests.length, 1);
    assert.deepEqual(outcome.leftovers, []);
  });

  it('refuses an object whose ContentLength is over the cap', async () => {
    const outcome = await download(`s3://${bucket}/${key}`, {
      aws: aws(),
      maxPackageBytes: 100 * 1024,
    });
    assert.equal(outcome.error?.code, 'PAR_ERR_PACKAGE_TOO_LARGE');
    assert.deepEqual(outcome.leftovers, []);
  });

  it('retries an endpoint that refuses connections, then gives up at the deadline', async () => {
    const closedPort = await freePort();
    const outcome = await download(`s3://${bucket}/${key}`, {
      aws: { ...aws(), s3Endpoint: `http://127.0.0.1:${closedPort}` },
      timeoutMs: 3000,
    });
    // Which of the two depends on whether the deadline found an attempt under way.
    assert.match(String(outcome.error?.code), /^PAR_ERR_PACKAGE_DOWNLOAD_(FAILED|TIMEOUT)$/);
    const retried = outcome.records.filter((r) => r.msg === 'package download attempt failed');
    assert.ok(retried.length >= 1, 'a refused connection is retried');
    assert.match(JSON.stringify(retried[0]?.err), /ECONNREFUSED/);
    assert.ok(outcome.elapsedMs < 8000, `took ${outcome.elapsedMs} ms`);
  });
});
