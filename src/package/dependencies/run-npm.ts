/**
 * Runs `npm ci` as a child process: no shell, a timeout, cancellation, and npm's stderr kept
 * (bounded) for a friendly, redacted error message.
 */
import { spawn } from 'node:child_process';
import { RuntimeError } from '../../errors/index.js';
import type { Logger } from '../../telemetry/index.js';
import { locateNpm } from './npm-locator.js';
import { classifyNpmFailure, summariseNpmErrors } from './npm-output.js';

export interface NpmCiOptions {
  /** The folder holding package.json and the lockfile; node_modules is created here. */
  cwd: string;
  /** npm's cache folder; npm's default (~/.npm) when undefined. */
  npmCacheDir: string | undefined;
  installScripts: boolean;
  offline: boolean;
  timeoutMs: number;
  npmCli: string | undefined;
  signal: AbortSignal | undefined;
  logger: Logger;
}

/** The most of npm's stderr kept in memory; npm is chatty on large installs. */
const maxStderrChars = 64 * 1024;
/** How long npm gets to exit after SIGTERM before SIGKILL. */
const killGraceMs = 2000;

/** The arguments of one production install; exported for the docs' sake and for tests. */
export function npmCiArgs(
  options: Pick<NpmCiOptions, 'npmCacheDir' | 'installScripts' | 'offline'>
): string[] {
  const args = ['ci', '--omit=dev', '--no-audit', '--no-fund', '--no-update-notifier'];
  args.push('--no-progress', '--logs-max=0');
  if (!options.installScripts) args.push('--ignore-scripts');
  args.push(options.offline ? '--offline' : '--prefer-offline');
  if (options.npmCacheDir !== undefined) args.push('--cache', options.npmCacheDir);
  return args;
}

/** Runs `npm ci` in `cwd`; a failure throws a RuntimeError with a PAR_ERR_INSTALL_* code. */
export async function runNpmCi(options: NpmCiOptions): Promise<void> {
  const npm = await locateNpm(options.npmCli);
  const npmArgs = npmCiArgs(options);
  options.logger.debug({ npm: npm.location, args: npmArgs }, 'npm ci started');

  const run = await runChild({
    program: npm.program,
    args: [...npm.prefixArgs, ...npmArgs],
    cwd: options.cwd,
    timeoutMs: options.timeoutMs,
    signal: options.signal,
  });

  if (run.stoppedBy === 'timeout') {
    throw new RuntimeError(
      'PAR_ERR_INSTALL_TIMEOUT',
      `expected npm ci to finish within ${options.timeoutMs} ms (PAR_INSTALL_TIMEOUT_SEC), ` +
        'it was stopped'
    );
  }
  if (run.stoppedBy === 'abort') {
    throw new RuntimeError('PAR_ERR_INSTALL_FAILED', 'npm ci was cancelled');
  }
  if (run.error !== undefined) {
    throw new RuntimeError(
      'PAR_ERR_INSTALL_FAILED',
      `expected to start npm (${npm.location}), got: ${run.error.message}`,
      { cause: run.error }
    );
  }
  if (run.code !== 0) {
    throw new RuntimeError(
      classifyNpmFailure(run.stderr),
      `expected npm ci to succeed, it exited with ${run.code}: ${summariseNpmErrors(run.stderr)}`,
      { details: { npmExitCode: run.code } }
    );
  }
}

interface ChildRun {
  readonly code: number | null;
  readonly error: Error | undefined;
  /** The tail of what it wrote to stderr. */
  readonly stderr: string;
  readonly stoppedBy: 'timeout' | 'abort' | undefined;
}

/** Runs a program without a shell, keeping its stderr, stopping it on timeout or abort. */
async function runChild(options: {
  program: string;
  args: string[];
  cwd: string;
  timeoutMs: number;
  signal: AbortSignal | undefined;
}): Promise<ChildRun> {
  if (options.signal?.aborted === true) {
    return { code: null, error: undefined, stderr: '', stoppedBy: 'abort' };
  }
  const child = spawn(options.program, options.args, {
    cwd: options.cwd,
    env: process.env,
    stdio: ['ignore', 'ignore', 'pipe'],
    shell: false,
  });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (text: string) => {
    stderr = (stderr + text).slice(-maxStderrChars);
  });

  let stoppedBy: ChildRun['stoppedBy'];
  const stop = (reason: 'timeout' | 'abort') => {
    stoppedBy ??= reason;
    child.kill('SIGTERM');
    setTimeout(() => child.kill('SIGKILL'), killGraceMs).unref();
  };
  const timer = setTimeout(() => stop('timeout'), options.timeoutMs);
  const onAbort = () => stop('abort');
  options.signal?.addEventListener('abort', onAbort, { once: true });

  const exit = await new Promise<{ code: number | null; error?: Error }>((resolve) => {
    child.once('error', (error) => resolve({ code: null, error }));
    child.once('close', (code) => resolve({ code }));
  }).finally(() => {
    clearTimeout(timer);
    options.signal?.removeEventListener('abort', onAbort);
  });
  return { code: exit.code, error: exit.error, stderr, stoppedBy };
}
