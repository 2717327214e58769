/**
 * The one place the package-path benchmark calls the runtime: `acquirePackage` (download with
 * the size cap and SHA-256 on the same pass, the retry loop, the private folder) then
 * `extractPackage` (the safe unzip under the default limits), exactly as a boot from
 * PACKAGE_URL runs them, in this process so that no process start is timed.
 *
 * A boot trusts a private CA through NODE_EXTRA_CA_CERTS, which Node reads only at process
 * start; the bench's certificate is made after that, so fetch's dispatcher is given it instead
 * (the same stand-in the in-process download tests use). The S3 client takes the emulator's
 * key pair from the standard AWS variables, as it would take a task role's in production.
 */
import { readFile } from 'node:fs/promises';
import { loadConfig } from '../../src/config/index.js';
import { acquirePackage, extractPackage } from '../../src/package/index.js';
import { createLogger } from '../../src/telemetry/index.js';
import { trustTestCa } from '../../test/helpers/trust-test-ca.js';
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
  /** An empty folder of the benchmark's to extract into; it removes it after. */
  readonly workDir: string;
}

const { logger } = createLogger({ level: 'silent', format: 'json' });
let trustedCaPath: string | undefined;

/** Downloads, verifies and extracts one package as a boot would, then removes both folders. */
export async function acquirePackageForBench(transfer: PackageTransfer): Promise<void> {
  await trustBenchCa(transfer.caCertPath);
  const { s3 } = transfer;
  process.env.AWS_ACCESS_KEY_ID = s3.accessKeyId;
  process.env.AWS_SECRET_ACCESS_KEY = s3.secretAccessKey;
  const { config } = loadConfig({
    AGENT_APP_ID: 'bench',
    PACKAGE_URL: transfer.packageUrl,
    PACKAGE_SHA256: transfer.sha256,
    AWS_REGION: s3.region,
    S3_ENDPOINT: s3.endpoint,
    S3_FORCE_PATH_STYLE: 'true',
    S3_CHECKSUM_MODE: 'when_required',
  });

  const acquired = await acquirePackage(config, { logger });
  try {
    if (acquired.kind !== 'archive') throw new Error('Bug: a download acquired a folder');
    const limits = { maxPackageBytes: config.packageSource.maxPackageBytes, ...config.archive };
    const extracted = await extractPackage(acquired, { limits, parentDir: transfer.workDir });
    await extracted.cleanup();
  } finally {
    await acquired.cleanup();
  }
}

async function trustBenchCa(caCertPath: string): Promise<void> {
  if (trustedCaPath === caCertPath) return;
  await trustTestCa(await readFile(caCertPath, 'utf8'));
  trustedCaPath = caCertPath;
}
