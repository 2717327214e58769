/**
 * What every package source (https, s3, the cache) hands the download: a body to stream and the
 * length it announced. Sources throw RuntimeErrors for permanent faults, TransientFaults for
 * retryable ones, and leave raw network errors to `toDownloadFault`.
 */

export interface OpenedBody {
  body: AsyncIterable<Uint8Array>;
  /** The announced length (Content-Length), when the source gave one. */
  declaredBytes: number | undefined;
}

export interface OpenContext {
  /** Aborts the attempt: a stall, the deadline, or the caller cancelling. */
  signal: AbortSignal;
  /** Reports progress before the body starts (a redirect, headers), for stall detection. */
  onProgress: () => void;
}

/** Where a package comes from, opened once per attempt. */
export interface PackageSource {
  /** Scheme, host and path (or bucket and key): safe to log, never a query string. */
  readonly description: string;
  /** Facts for the download log lines (host, bucket, key), all safe to log. */
  readonly logFields: Readonly<Record<string, string>>;
  open(context: OpenContext): Promise<OpenedBody>;
  /** Releases what the source holds (sockets) once the download is over. */
  close?(): void;
}
