/**
 * An S3 emulator for tests: s3rver on loopback behind a small recording proxy, so tests see
 * exactly which S3 requests the runtime sent. Objects are put straight into s3rver (not through
 * the proxy) with checksums off for uploads: s3rver stores aws-chunked framing as data otherwise
 * (see shared/reference/dependencies-checked.md §2a).
 */
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import S3rver from 's3rver';

/** s3rver's fixed key pair; it checks SigV4 signatures made with it. */
export const s3rverCredentials = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };

export interface RecordedS3Request {
  method: string;
  /** Path and query as the runtime sent them, e.g. `/bucket/key?x-id=GetObject`. */
  url: string;
}

export class S3Emulator {
  private constructor(
    readonly requests: RecordedS3Request[],
    private readonly s3rver: S3rver,
    private readonly proxy: Server,
    private readonly folder: string,
    private readonly uploader: S3Client
  ) {}

  /** Starts s3rver with `buckets` and the recording proxy, both on 127.0.0.1. */
  static async start(buckets: string[]): Promise<S3Emulator> {
    const folder = await mkdtemp(path.join(tmpdir(), 'par-s3rver-'));
    const s3rver = new S3rver({
      address: '127.0.0.1',
      port: 0,
      silent: true,
      directory: folder,
      configureBuckets: buckets.map((name) => ({ name, configs: [] })),
    });
    const { port: s3rverPort } = await s3rver.run();
    const uploader = new S3Client({
      region: 'us-east-1',
      endpoint: `http://127.0.0.1:${s3rverPort}`,
      forcePathStyle: true,
      credentials: s3rverCredentials,
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    });

    const requests: RecordedS3Request[] = [];
    const proxy = createServer((incoming, outgoing) => {
      requests.push({ method: incoming.method ?? '', url: incoming.url ?? '' });
      const forwarded = httpRequest(
        {
          host: '127.0.0.1',
          port: s3rverPort,
          method: incoming.method,
          path: incoming.url,
          headers: incoming.headers,
        },
        (answer) => {
          outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(outgoing);
        }
      );
      forwarded.on('error', () => outgoing.destroy());
      incoming.pipe(forwarded);
    });
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    return new S3Emulator(requests, s3rver, proxy, folder, uploader);
  }

  /** The endpoint the runtime should use (S3_ENDPOINT): the recording proxy. */
  get endpoint(): string {
    const { port } = this.proxy.address() as AddressInfo;
    return `http://127.0.0.1:${port}`;
  }

  async putObject(bucket: string, key: string, body: Buffer): Promise<void> {
    await this.uploader.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body }));
  }

  async close(): Promise<void> {
    this.uploader.destroy();
    this.proxy.closeAllConnections();
    await new Promise<void>((resolve) => this.proxy.close(() => resolve()));
    await this.s3rver.close();
    await rm(this.folder, { recursive: true, force: true });
  }
}
