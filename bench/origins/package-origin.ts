/**
 * The two origins the package-path benchmark downloads from, in a process of their own so they
 * never share an event loop with the client being measured: an S3 emulator (s3rver) holding the
 * fixture as an object, and an HTTPS server sending the same file. Both on 127.0.0.1 only.
 *
 * Input (env): FIXTURE_PATH, CERT_PATH, KEY_PATH, STORE_DIR. Output: one JSON line on stdout
 * with where to reach them (`PackageOrigins`), once both listen. Stops on SIGTERM.
 */
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import S3rver from 's3rver';

/** Where the origins listen; what the parent reads from the child's first stdout line. */
export interface PackageOrigins {
  readonly s3: {
    readonly endpoint: string;
    readonly bucket: string;
    readonly key: string;
    readonly region: string;
    /** s3rver's fixed key pair; it checks SigV4 signatures. */
    readonly accessKeyId: string;
    readonly secretAccessKey: string;
  };
  readonly httpsUrl: string;
}

const host = '127.0.0.1';
const bucket = 'bench-packages';
const credentials = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };

async function main(): Promise<void> {
  const fixturePath = required('FIXTURE_PATH');
  const key = path.basename(fixturePath);

  const s3rver = new S3rver({
    address: host,
    port: 0,
    silent: true,
    directory: required('STORE_DIR'),
    configureBuckets: [{ name: bucket, configs: [] }],
  });
  const s3Address = await s3rver.run();
  const endpoint = `http://${host}:${s3Address.port}`;
  await upload({ endpoint, key, fixturePath });

  const https = createServer(
    { cert: await readFile(required('CERT_PATH')), key: await readFile(required('KEY_PATH')) },
    (request, response) => {
      if (request.url !== `/${key}`) {
        response.writeHead(404).end();
        return;
      }
      void stat(fixturePath).then(async ({ size }) => {
        response.writeHead(200, {
          'content-type': 'application/octet-stream',
          'content-length': size,
        });
        await pipeline(createReadStream(fixturePath), response);
      });
    }
  );
  await new Promise<void>((resolve) => https.listen(0, host, resolve));
  const httpsPort = (https.address() as AddressInfo).port;

  const origins: PackageOrigins = {
    s3: { endpoint, bucket, key, region: 'us-east-1', ...credentials },
    httpsUrl: `https://${host}:${httpsPort}/${key}`,
  };
  process.stdout.write(`${JSON.stringify(origins)}\n`);
  process.once('SIGTERM', () => {
    https.closeAllConnections();
    https.close();
    void s3rver.close().then(() => process.exit(0));
  });
}

async function upload(options: { endpoint: string; key: string; fixturePath: string }) {
  // s3rver stores aws-chunked framing as data: checksums only when required (see
  // docs/performance.md and the dependency notes on s3rver).
  const client = new S3Client({
    endpoint: options.endpoint,
    region: 'us-east-1',
    forcePathStyle: true,
    credentials,
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
  const { size } = await stat(options.fixturePath);
  await client.send(
    new PutObjectCommand({
      Bucket: bucket,
      Key: options.key,
      Body: createReadStream(options.fixturePath),
      ContentLength: size,
    })
  );
  client.destroy();
}

function required(name: string): string {
  const value = process.env[name];
  if (value === undefined || value === '') throw new Error(`expected ${name} in the environment`);
  return value;
}

await main();
