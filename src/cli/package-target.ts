import path from 'node:path';
import { parseArgs } from 'node:util';
import {
  formatConfigProblems,
  loadArchiveLimits,
  loadConfig,
  type ConfigProblem,
} from '../config/index.js';
import { RuntimeError } from '../errors/index.js';
import {
  acquireLocal,
  acquirePackage,
  examinePackage,
  extractPackage,
  type AcquiredPackage,
  type ArchiveLimits,
  type PackageExamination,
} from '../package/index.js';
import { createLogger } from '../telemetry/index.js';

/** `https://...`, `s3://...`, and any other scheme, which the URL rules then refuse by name. */
const urlLike = /^\s*[a-z][a-z0-9+.-]*:\/\//i;

/**
 * The one seam between a command's PACKAGE argument and a package on local disk: `par validate`
 * and `par inspect` both start here. A folder or `.apkg` file is used in place; a URL is
 * downloaded exactly as `par run` would (same URL rules, size cap, PACKAGE_SHA256, retries, AWS
 * and cache settings from the environment) into a temporary folder the caller's `cleanup`
 * removes. Download progress is logged to stderr, so stdout stays the command's own output.
 */
export async function openPackageTarget(
  argument: string,
  env: NodeJS.ProcessEnv
): Promise<AcquiredPackage> {
  if (!urlLike.test(argument)) return acquireLocal(path.resolve(argument));

  const config = loadDownloadConfig(argument, env);
  const { logger } = createLogger({
    level: config.logging.level === 'info' ? 'warn' : config.logging.level,
    format: 'json',
    destination: process.stderr,
  });
  return acquirePackage(config, { logger });
}

/**
 * The PACKAGE argument as an extracted folder, for commands that need the files themselves
 * (`par cache warm`): an archive, local or downloaded, is unpacked under the limits `par run`
 * applies. `cleanup` removes whatever was downloaded or unpacked, never a folder given as is.
 */
export async function openPackageFolder(
  argument: string,
  env: NodeJS.ProcessEnv
): Promise<{ root: string; cleanup: () => Promise<void> }> {
  const acquired = await openPackageTarget(argument, env);
  if (acquired.kind === 'folder') return acquired;

  try {
    const extracted = await extractPackage(acquired, { limits: archiveLimitsFromEnv(env) });
    return {
      root: extracted.root,
      cleanup: () => extracted.cleanup().finally(() => acquired.cleanup()),
    };
  } catch (error) {
    await acquired.cleanup();
    throw error;
  }
}

/**
 * `par validate` and `par inspect`: reads one PACKAGE and `--json`, then examines the package
 * under the limits `par run` applies and removes whatever was downloaded. Undefined after a
 * usage error, which it has already reported.
 */
export async function examineArgument(
  command: string,
  args: string[]
): Promise<{ result: PackageExamination; json: boolean } | undefined> {
  const { positionals, values } = parseArgs({
    args,
    allowPositionals: true,
    options: { json: { type: 'boolean' } },
  });
  if (positionals.length !== 1) {
    process.stderr.write(`par ${command}: expected one PACKAGE, got ${positionals.length}\n`);
    return undefined;
  }

  const limits = archiveLimitsFromEnv(process.env);
  const acquired = await openPackageTarget(positionals[0] ?? '', process.env);
  const result = await examinePackage(acquired, { limits }).finally(() => acquired.cleanup());
  return { result, json: values.json === true };
}

/** The archive limits `par run` would apply, read from the same environment variables. */
export function archiveLimitsFromEnv(env: NodeJS.ProcessEnv): ArchiveLimits {
  return loadArchiveLimits(env);
}

/** The runtime's own configuration, with the argument as PACKAGE_URL; the agent id is moot. */
function loadDownloadConfig(url: string, env: NodeJS.ProcessEnv) {
  const downloadEnv = {
    ...env,
    AGENT_APP_ID: env.AGENT_APP_ID?.trim() ? env.AGENT_APP_ID : 'par-cli',
    AGENT_PACKAGE_PATH: undefined,
    PACKAGE_URL: url,
  };
  try {
    return loadConfig(downloadEnv).config;
  } catch (error) {
    const problems = (error as RuntimeError).details?.problems as ConfigProblem[] | undefined;
    if (problems === undefined) throw error;
    throw new RuntimeError(
      'PAR_ERR_CONFIG_INVALID',
      `cannot download the package:\n${formatConfigProblems(problems)}`,
      { cause: error }
    );
  }
}
