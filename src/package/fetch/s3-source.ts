/**
 * PACKAGE_URL=s3://bucket/key: exactly one GetObject per attempt through @aws-sdk/client-s3,
 * streamed, with the SDK's default credential chain (env, profile, ECS task role, instance
 * role). No other S3 or AWS call is made. The SDK is imported only when an s3:// URL is used.
 */
import type { S3Client } from '@aws-sdk/client-s3';
import { RuntimeError } from '../../errors/index.js';
import type { OpenContext, OpenedBody, PackageSource } from './source.js';
import { TransientFault } from './transient-fault.js';

export interface S3SourceOptions {
  bucket: string;
  key: string;
  /** AWS_REGION; the SDK's own chain (env, profile) decides when undefined. */
  region: string | undefined;
  /** S3_ENDPOINT, for S3-compatible stores. */
  endpoint: string | undefined;
  forcePathStyle: boolean;
  /** S3_CHECKSUM_MODE: `when_required` for stores that mishandle checksums (s3rver). */
  checksumMode: 'when_supported' | 'when_required';
}

/** S3 error names that mean "try again later" whatever their HTTP status. */
const transientNames = new Set([
  'SlowDown',
  'RequestTimeout',
  'InternalError',
  'ServiceUnavailable',
]);

/** A source reading one object; `close` releases the client's sockets. */
export function s3Source(options: S3SourceOptions): PackageSource & { close(): void } {
  const description = `s3://${options.bucket}/${options.key}`;
  let client: S3Client | undefined;
  const logFields: Record<string, string> = {
    source: description,
    bucket: options.bucket,
    key: options.key,
  };
  if (options.endpoint !== undefined) logFields.host = new URL(options.endpoint).host;

  return {
    description,
    logFields,
    async open(context: OpenContext): Promise<OpenedBody> {
      const sdk = await import('@aws-sdk/client-s3');
      client ??= createClient(sdk.S3Client, options);
      const command = new sdk.GetObjectCommand({ Bucket: options.bucket, Key: options.key });
      const output = await client
        .send(command, { abortSignal: context.signal })
        .catch((error: unknown) => {
          throw classifyS3Error(error, description);
        });
      context.onProgress();

      const body = output.Body as unknown;
      if (!isAsyncIterable(body)) {
        throw new TransientFault(`GetObject of ${description} returned no readable body`);
      }

      return { body, declaredBytes: output.ContentLength };
    },
    close: () => client?.destroy(),
  };
}

function createClient(Client: typeof S3Client, options: S3SourceOptions): S3Client {
  const checksum = options.checksumMode === 'when_required' ? 'WHEN_REQUIRED' : 'WHEN_SUPPORTED';

  return new Client({
    region: options.region,
    endpoint: options.endpoint,
    forcePathStyle: options.forcePathStyle,
    requestChecksumCalculation: checksum,
    responseChecksumValidation: checksum,
    // Retries belong to the download's own loop, inside its deadline; one SDK attempt each.
    maxAttempts: 1,
  });
}

/** Permanent refusals (403, 404, no credentials) end the download; 5xx and throttling retry. */
function classifyS3Error(error: unknown, description: string): unknown {
  if (!(error instanceof Error)) return error;
  const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;

  if (error.name === 'CredentialsProviderError' || /region is missing/i.test(error.message)) {
    return new RuntimeError(
      'PAR_ERR_PACKAGE_DOWNLOAD_REFUSED',
      `expected AWS credentials and a region to read ${description}, got ${error.message}`,
      { cause: error }
    );
  }
  if (status === undefined) return error;

  const got = `${error.name} (HTTP ${status}) for GetObject ${description}`;
  if (status >= 500 || status === 429 || transientNames.has(error.name)) {
    return new TransientFault(got, { cause: error });
  }
  return new RuntimeError('PAR_ERR_PACKAGE_DOWNLOAD_REFUSED', `expected the object, got ${got}`, {
    cause: error,
    details: { status },
  });
}

function isAsyncIterable(value: unknown): value is AsyncIterable<Uint8Array> {
  return typeof value === 'object' && value !== null && Symbol.asyncIterator in value;
}
