/**
 * Runs fetchPackage the way acquirePackage does, with test-sized limits, a private temp root
 * to check for leftovers, and captured logs. Pairs with FaultServer and S3Emulator.
 */
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parsePackageUrl, type PackageUrl } from '../../src/config/index.js';
import {
  fetchPackage,
  type FetchedPackage,
  type FetchPackageOptions,
} from '../../src/package/fetch/index.js';
import { captureLogs } from './captured-logger.js';

export interface DownloadOutcome {
  fetched: FetchedPackage | undefined;
  error: (Error & { code?: string }) | undefined;
  /** Raw log lines, for checks that nothing secret was written. */
  lines: string[];
  records: Array<Record<string, unknown>>;
  /** What was left in the temp root when fetchPackage returned or threw. */
  leftovers: string[];
  elapsedMs: number;
  /** Removes the fetched package and the temp root. */
  dispose(): Promise<void>;
}

export function packageUrl(text: string): PackageUrl {
  const parsed = parsePackageUrl(text);
  if (!('kind' in parsed)) throw new Error(`bad test URL ${text}: ${parsed.expected}`);
  return parsed;
}

/** Downloads `url`; never throws, the outcome says what happened. Removes what it fetched. */
export async function download(
  url: string,
  overrides: Partial<FetchPackageOptions> = {}
): Promise<DownloadOutcome> {
  const tempRoot = await mkdtemp(path.join(tmpdir(), 'par-download-test-'));
  const captured = captureLogs();
  const startedAt = performance.now();
  let fetched: FetchedPackage | undefined;
  let error: DownloadOutcome['error'];
  try {
    fetched = await fetchPackage({
      url: packageUrl(url),
      expectedSha256: undefined,
      maxPackageBytes: 1024 * 1024,
      timeoutMs: 10_000,
      stallTimeoutMs: 2000,
      aws: {
        region: 'us-east-1',
        s3Endpoint: undefined,
        s3ForcePathStyle: true,
        s3ChecksumMode: 'when_supported',
      },
      cacheDir: undefined,
      logger: captured.logger,
      tempRoot,
      ...overrides,
    });
  } catch (caught) {
    error = caught as DownloadOutcome['error'];
  }
  const elapsedMs = performance.now() - startedAt;
  const leftovers = await listRecursively(tempRoot);
  const dispose = async () => {
    await fetched?.cleanup();
    await rm(tempRoot, { recursive: true, force: true });
  };
  if (fetched === undefined) await dispose();

  return {
    fetched,
    error,
    lines: captured.lines,
    records: captured.records(),
    leftovers,
    elapsedMs,
    dispose,
  };
}

async function listRecursively(folder: string): Promise<string[]> {
  const entries = await readdir(folder, { recursive: true });
  return entries.map(String).sort();
}
