import path from 'node:path';
import { z } from 'zod';
import { RuntimeError } from '../errors/index.js';
import type { InstallSettings, RuntimeConfig } from './runtime-config.js';
import { envSchema, type EnvSettings } from './schema.js';
import { dependencySettings } from './settings/dependencies.js';

export interface ConfigProblem {
  variable: string;
  message: string;
}

export interface LoadedConfig {
  config: RuntimeConfig;
  /** Values accepted but worth a warning once logging is up. */
  warnings: ConfigProblem[];
}

const awsRegionShape = /^[a-z]{2}(-[a-z]+)+-\d+$/;
const megabyte = 1024 * 1024;

/**
 * Reads every variable at once. On any problem, throws PAR_ERR_CONFIG_INVALID whose `details`
 * list all of them, each naming its variable, what was expected and what was got.
 */
export function loadConfig(env: NodeJS.ProcessEnv, cwd = process.cwd()): LoadedConfig {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const problems: ConfigProblem[] = parsed.error.issues.map((issue) => ({
      variable: String(issue.path[0] ?? 'environment'),
      message: issue.message,
    }));
    throw new RuntimeError(
      'PAR_ERR_CONFIG_INVALID',
      `Invalid configuration: ${problems.length} problem(s)`,
      { details: { problems } }
    );
  }
  return { config: resolveConfig(parsed.data, cwd), warnings: warningsFor(parsed.data) };
}

function resolveConfig(env: EnvSettings, cwd: string): RuntimeConfig {
  const absolute = (value: string | undefined) =>
    value === undefined ? undefined : path.resolve(cwd, value);
  const config: RuntimeConfig = {
    agentAppId: env.AGENT_APP_ID,
    deploymentId: env.DEPLOYMENT_ID,
    packageSource: {
      path: absolute(env.AGENT_PACKAGE_PATH),
      url: env.PACKAGE_URL,
      sha256: env.PACKAGE_SHA256,
      maxPackageBytes: env.MAX_PACKAGE_SIZE_MB * megabyte,
    },
    archive: {
      maxEntries: env.MAX_PACKAGE_ENTRIES,
      maxExtractedBytes: env.MAX_EXTRACTED_SIZE_MB * megabyte,
      maxCompressionRatio: env.MAX_COMPRESSION_RATIO,
    },
    packageFetch: {
      timeoutMs: env.PACKAGE_FETCH_TIMEOUT_SEC * 1000,
      stallTimeoutMs: env.PACKAGE_STALL_TIMEOUT_SEC * 1000,
    },
    aws: {
      region: env.AWS_REGION,
      s3Bucket: env.S3_BUCKET,
      s3Endpoint: env.S3_ENDPOINT,
      s3ForcePathStyle: env.S3_FORCE_PATH_STYLE,
      s3ChecksumMode: env.S3_CHECKSUM_MODE,
    },
    surfaces: {
      bindHost: env.BIND_HOST,
      restPort: env.REST_PORT,
      a2aPort: env.A2A_PORT,
      uiPort: env.UI_PORT,
      multiplexed: env.MULTIPLEXED,
      basePath: env.BASE_PATH,
      grpcEnabled: env.GRPC_ENABLED,
      maxRequestBodyBytes: env.MAX_REQUEST_BODY_BYTES,
    },
    grpc: { maxMessageBytes: env.GRPC_MAX_MESSAGE_BYTES },
    a2a: {
      publicUrl: env.A2A_PUBLIC_URL,
      publicGrpcUrl: env.A2A_PUBLIC_GRPC_URL,
      cardMaxAgeSec: env.A2A_CARD_MAX_AGE_SEC,
      taskTtlMs: env.A2A_TASK_TTL_SEC * 1000,
      maxTasks: env.A2A_MAX_TASKS,
    },
    boot: {
      budgetMs: env.BOOT_BUDGET_MS,
      hardLimitMultiplier: env.BOOT_HARD_LIMIT_MULTIPLIER,
      startupTimeoutMs: env.STARTUP_TIMEOUT_SEC * 1000,
      failureCount: env.BOOT_FAILURE_COUNT,
    },
    shutdown: {
      graceMs: env.GRACEFUL_SHUTDOWN_TIMEOUT_SEC * 1000,
      drainDelayMs: env.SHUTDOWN_DRAIN_DELAY_SEC * 1000,
      agentShutdownTimeoutMs: env.AGENT_SHUTDOWN_TIMEOUT_SEC * 1000,
    },
    logging: { level: env.LOG_LEVEL, format: env.LOG_FORMAT },
    storage: { cacheDir: absolute(env.PAR_CACHE_DIR), stateDir: absolute(env.PAR_STATE_DIR) },
    install: installSettingsOf(env, cwd),
  };
  return deepFreeze(config);
}

/** The install settings alone, for commands that need no agent identity (`par cache`). */
export function loadInstallSettings(env: NodeJS.ProcessEnv, cwd = process.cwd()): InstallSettings {
  const parsed = z.object(dependencySettings).safeParse(env);
  if (!parsed.success) {
    const problems: ConfigProblem[] = parsed.error.issues.map((issue) => ({
      variable: String(issue.path[0] ?? 'environment'),
      message: issue.message,
    }));
    throw new RuntimeError('PAR_ERR_CONFIG_INVALID', formatConfigProblems(problems).trim(), {
      details: { problems },
    });
  }
  return installSettingsOf(parsed.data, cwd);
}

function installSettingsOf(
  env: Pick<
    EnvSettings,
    'PAR_ALLOW_INSTALL_SCRIPTS' | 'PAR_OFFLINE_INSTALL' | 'PAR_INSTALL_TIMEOUT_SEC' | 'PAR_NPM_CLI'
  >,
  cwd: string
): InstallSettings {
  return {
    allowScripts: env.PAR_ALLOW_INSTALL_SCRIPTS,
    offline: env.PAR_OFFLINE_INSTALL,
    timeoutMs: env.PAR_INSTALL_TIMEOUT_SEC * 1000,
    npmCli: env.PAR_NPM_CLI === undefined ? undefined : path.resolve(cwd, env.PAR_NPM_CLI),
  };
}

function warningsFor(env: EnvSettings): ConfigProblem[] {
  const warnings: ConfigProblem[] = [];
  if (env.AWS_REGION !== undefined && !awsRegionShape.test(env.AWS_REGION)) {
    warnings.push({
      variable: 'AWS_REGION',
      message: `expected a region such as us-east-2, got "${env.AWS_REGION}"; using it anyway`,
    });
  }
  if (env.MAX_PACKAGE_SIZE_MB > 10_000) {
    warnings.push({
      variable: 'MAX_PACKAGE_SIZE_MB',
      message: `${env.MAX_PACKAGE_SIZE_MB} MiB is unusually large; packages are held on local disk`,
    });
  }
  if (env.AGENT_PACKAGE_PATH !== undefined && env.PACKAGE_URL !== undefined) {
    warnings.push({
      variable: 'PACKAGE_URL',
      message: 'AGENT_PACKAGE_PATH is also set and wins; PACKAGE_URL is ignored',
    });
  }
  return warnings;
}

function deepFreeze<T extends object>(value: T): T {
  for (const child of Object.values(value)) {
    if (typeof child === 'object' && child !== null && !(child instanceof URL)) deepFreeze(child);
  }
  return Object.freeze(value);
}

/** The problems of a PAR_ERR_CONFIG_INVALID error, one line each, for people. */
export function formatConfigProblems(problems: readonly ConfigProblem[]): string {
  return problems.map((problem) => `  ${problem.variable}: ${problem.message}`).join('\n');
}
