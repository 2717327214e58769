/**
 * The one place the package-path benchmark calls the runtime: download, verify and extract one
 * package into a folder. Until the runtime's acquire and extract (src/package) can fetch from
 * https:// and s3://, the body below measures the raw floor of the same transfer instead: a plain
 * HTTPS GET or S3 GetObject streamed through SHA-256 to a file, compared with the expected
 * digest; no extraction. Replace the body with the runtime's acquire + extract call and set
 * `runtimePackagePath.provisional` to false; nothing else in the benchmark needs to change.
 *
 * In the runtime's terms a transfer is: PACKAGE_URL = `packageUrl`, PACKAGE_SHA256 = `sha256`,
 * S3_ENDPOINT = `s3.endpoint` with S3_FORCE_PATH_STYLE=true, checksums only when required
 * (s3rver), AWS_REGION = `s3.region` and the key pair as AWS credentials, and `caCertPath` as
 * the extra trusted CA (NODE_EXTRA_CA_CERTS, which Node reads only at process start: run the
 * step in a child process then, and time the child).
 */
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { request } from 'node:https';
import type { IncomingMessage } from 'node:http';
import path from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { PackageOrigins } from '../origins/package-origin.js';

/** One transfer to measure: where the package is, what it must hash to, where it may go. */
export interface PackageTransfer {
  /** `https://127.0.0.1:PORT/NAME.apkg` or `s3://BUCKET/KEY`. */
  readonly packageUrl: string;
  /** Lower-case hex SHA-256 of the archive, as `PACKAGE_SHA256` takes it. */
  readonly sha256: string;
  /** The S3 emulator (endpoint, path-style, its fixed credentials) for `s3://` URLs. */
  readonly s3: PackageOrigins['s3'];
  /** The only CA the HTTPS client may trust: the bench's self-signed certificate (PEM file). */
  readonly caCertPath: string;
  /** An empty folder of the benchmark's to download and extract into; it removes it after. */
  readonly workDir: string;
}

/** What the report says about this step while it is the raw floor and not the runtime. */
export const runtimePackagePath = {
  provisional: true,
  note: 'provisional: raw floor (GET + sha256 + write), not yet the runtime',
} as const;

/** Acquires and verifies (and, once it is the runtime, extracts) one package. */
export async function acquirePackageForBench(transfer: PackageTransfer): Promise<void> {
  const target = path.join(transfer.workDir, 'package.apkg');
  const body = transfer.packageUrl.startsWith('s3://')
    ? await s3Body(transfer)
    : await httpsBody(transfer);

  const hash = createHash('sha256');
  const hashing = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      hash.update(chunk);
      done(null, chunk);
    },
  });
  await pipeline(body, hashing, createWriteStream(target));

  const digest = hash.digest('hex');
  if (digest !== transfer.sha256.toLowerCase()) {
    throw new Error(`expected sha256 ${transfer.sha256}, got ${digest}`);
  }
}

async function httpsBody(transfer: PackageTransfer): Promise<IncomingMessage> {
  const ca = await readFile(transfer.caCertPath);
  const response = await new Promise<IncomingMessage>((resolve, reject) => {
    request(transfer.packageUrl, { ca }, resolve).on('error', reject).end();
  });
  if (response.statusCode !== 200) {
    response.resume();
    throw new Error(`expected 200 from the TLS origin, got ${response.statusCode}`);
  }
  return response;
}

async function s3Body(transfer: PackageTransfer): Promise<Readable> {
  const { bucket, key } = parseS3Url(transfer.packageUrl);
  const { s3 } = transfer;
  const client = new S3Client({
    endpoint: s3.endpoint,
    region: s3.region,
    forcePathStyle: true,
    credentials: { accessKeyId: s3.accessKeyId, secretAccessKey: s3.secretAccessKey },
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
  const answer = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  if (!(answer.Body instanceof Readable)) throw new Error('expected a stream body from S3');
  answer.Body.once('close', () => client.destroy());
  return answer.Body;
}

function parseS3Url(url: string): { bucket: string; key: string } {
  const { host, pathname } = new URL(url);
  return { bucket: host, key: decodeURIComponent(pathname.slice(1)) };
}
