import { formatConfigProblems, loadConfig, type ConfigProblem } from '../config/index.js';
import { RuntimeError, errorMessageOf } from '../errors/index.js';
import { createLogger } from '../telemetry/index.js';
import { AgentRuntime } from './agent-runtime.js';
import { BootClock } from './boot-clock.js';
import { exitCodes } from './exit-codes.js';
import { readRuntimeVersion } from './runtime-version.js';

export interface RunRuntimeOptions {
  env: NodeJS.ProcessEnv;
  /** `par run PATH`: overrides AGENT_PACKAGE_PATH. */
  packagePath?: string | undefined;
}

/**
 * `par run`: validate the configuration (every problem printed, exit 1 at once), then boot and
 * serve until a stop signal. The boot clock already runs: it counts from process start.
 */
export async function runRuntime(options: RunRuntimeOptions): Promise<AgentRuntime | undefined> {
  const env = { ...options.env };
  if (options.packagePath !== undefined) env.AGENT_PACKAGE_PATH = options.packagePath;

  const clock = new BootClock();
  let loaded;
  try {
    loaded = await clock.phase('config', () => loadConfig(env));
  } catch (error) {
    reportConfigError(error);
    process.exitCode = exitCodes.configInvalid;
    return undefined;
  }
  const { config, warnings } = loaded;
  const { logger, flush, settle } = createLogger({
    level: config.logging.level,
    format: config.logging.format,
    agentAppId: config.agentAppId,
    deploymentId: config.deploymentId,
  });
  for (const warning of warnings)
    logger.warn(warning, 'configuration value accepted with a warning');

  const runtime = new AgentRuntime({
    config,
    logger,
    flushLogs: flush,
    settleLogs: settle,
    clock,
    runtimeVersion: readRuntimeVersion(),
  });
  process.on('unhandledRejection', (reason) => {
    logger.error({ err: reason }, 'unhandled promise rejection');
  });
  process.on('uncaughtException', (error) => {
    logger.fatal({ err: error }, 'uncaught exception: exiting');
    flush();
    process.exit(exitCodes.crashed);
  });
  runtime.handleSignals();
  await runtime.boot();
  return runtime;
}

/**
 * Config errors come before logging is set up, so they go to stderr for people, and as one
 * JSON line on stdout for log pipelines.
 */
function reportConfigError(error: unknown): void {
  const problems =
    error instanceof RuntimeError
      ? ((error.details?.problems as ConfigProblem[] | undefined) ?? [])
      : [{ variable: 'environment', message: errorMessageOf(error) }];
  process.stderr.write(
    `PAR cannot start: the configuration is invalid.\n${formatConfigProblems(problems)}\n`
  );
  const line = {
    level: 'fatal',
    time: new Date().toISOString(),
    code: 'PAR_ERR_CONFIG_INVALID',
    problems,
    msg: 'configuration invalid',
  };
  process.stdout.write(`${JSON.stringify(line)}\n`);
}
