import { z } from 'zod';
import { RuntimeError } from '../errors/index.js';
import { archiveSettings } from './settings/archive.js';
import { packageSourceSettings } from './settings/package-source.js';

const megabyte = 1024 * 1024;

/** The archive limits alone, for commands that unpack a package without running it. */
export interface ArchiveLimitSettings {
  readonly maxPackageBytes: number;
  readonly maxEntries: number;
  readonly maxExtractedBytes: number;
  readonly maxCompressionRatio: number;
}

const limitsSchema = z.object({
  ...archiveSettings,
  MAX_PACKAGE_SIZE_MB: packageSourceSettings.MAX_PACKAGE_SIZE_MB,
});

/**
 * Reads only the archive limits from `env`, so `par validate` and `par inspect` judge a package
 * by the same limits `par run` would, without needing AGENT_APP_ID and the rest.
 */
export function loadArchiveLimits(env: NodeJS.ProcessEnv): ArchiveLimitSettings {
  const parsed = limitsSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => ({
      variable: String(issue.path[0] ?? 'environment'),
      message: issue.message,
    }));
    const summary = problems.map((problem) => `${problem.variable}: ${problem.message}`);
    throw new RuntimeError(
      'PAR_ERR_CONFIG_INVALID',
      `Invalid configuration: ${summary.join('; ')}`,
      {
        details: { problems },
      }
    );
  }

  const values = parsed.data;
  return {
    maxPackageBytes: values.MAX_PACKAGE_SIZE_MB * megabyte,
    maxEntries: values.MAX_PACKAGE_ENTRIES,
    maxExtractedBytes: values.MAX_EXTRACTED_SIZE_MB * megabyte,
    maxCompressionRatio: values.MAX_COMPRESSION_RATIO,
  };
}
