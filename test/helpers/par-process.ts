import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { freePorts } from './ports.js';
import { parCli } from './paths.js';

export interface ParProcessOptions {
  /** Arguments after `par`, e.g. ['run', folder]. */
  args: string[];
  /** Added to a minimal environment (PATH, HOME); nothing else leaks in from the test runner. */
  env?: Record<string, string | undefined>;
  cwd?: string;
}

export interface ExitResult {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** A real `par` child process with its stdout parsed as log lines. */
export class ParProcess {
  readonly child: ChildProcess;
  readonly lines: string[] = [];
  readonly stderr: string[] = [];
  readonly exited: Promise<ExitResult>;
  private readonly waiters = new Set<() => void>();

  constructor(options: ParProcessOptions) {
    const env: Record<string, string> = {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      HOME: process.env.HOME ?? '/tmp',
    };
    for (const [key, value] of Object.entries(options.env ?? {})) {
      if (value !== undefined) env[key] = value;
    }
    this.child = spawn(process.execPath, [parCli, ...options.args], {
      env,
      cwd: options.cwd,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.exited = once(this.child, 'exit').then(([code, signal]) => {
      this.notify();
      return { code: code as number | null, signal: signal as NodeJS.Signals | null };
    });
    createInterface({ input: this.child.stdout! }).on('line', (line) => {
      this.lines.push(line);
      this.notify();
    });
    createInterface({ input: this.child.stderr! }).on('line', (line) => {
      this.stderr.push(line);
      this.notify();
    });
  }

  /** Log lines that parse as JSON objects (a pretty-printed array item may parse as a string). */
  records(): Array<Record<string, unknown>> {
    return this.lines.flatMap((line) => {
      try {
        const parsed: unknown = JSON.parse(line);
        return isRecord(parsed) ? [parsed] : [];
      } catch {
        return [];
      }
    });
  }

  /** Resolves with the first log record matching `predicate`; rejects after `timeoutMs`. */
  async waitForRecord(
    predicate: (record: Record<string, unknown>) => boolean,
    timeoutMs = 15_000
  ): Promise<Record<string, unknown>> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.records().find(predicate);
      if (found) return found;
      if (this.child.exitCode !== null || this.child.signalCode !== null) {
        throw new Error(`par exited before the expected log line:\n${this.output()}`);
      }
      if (Date.now() > deadline)
        throw new Error(`timed out waiting for a log line:\n${this.output()}`);
      await this.nextLine(deadline - Date.now());
    }
  }

  waitForMessage(message: string, timeoutMs?: number): Promise<Record<string, unknown>> {
    return this.waitForRecord((record) => record.msg === message, timeoutMs);
  }

  signal(signal: NodeJS.Signals): void {
    this.child.kill(signal);
  }

  /** Sends `signal` and waits for the exit. */
  async stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<ExitResult> {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill(signal);
    return this.exited;
  }

  /** Everything it printed, for assertion messages. */
  output(): string {
    return [...this.lines, ...this.stderr.map((line) => `stderr: ${line}`)].join('\n');
  }

  private nextLine(timeoutMs: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, Math.max(timeoutMs, 0));
      const waiters = this.waiters;
      function done() {
        clearTimeout(timer);
        waiters.delete(done);
        resolve();
      }
      waiters.add(done);
    });
  }

  private notify(): void {
    for (const waiter of [...this.waiters]) waiter();
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export interface StartedPar {
  par: ParProcess;
  restPort: number;
  a2aPort: number;
  uiPort: number;
  baseUrl: string;
}

/**
 * Starts `par run PACKAGE` on free loopback ports and waits for `runtime ready`. Kill it with
 * `par.stop()` in an `after` hook.
 */
export async function startPar(
  packagePath: string,
  env: Record<string, string | undefined> = {}
): Promise<StartedPar> {
  const [restPort, a2aPort, uiPort] = (await freePorts(3)) as [number, number, number];
  const par = new ParProcess({
    args: ['run', packagePath],
    env: {
      AGENT_APP_ID: 'test-agent',
      BIND_HOST: '127.0.0.1',
      REST_PORT: String(restPort),
      A2A_PORT: String(a2aPort),
      UI_PORT: String(uiPort),
      ...env,
    },
  });
  try {
    await par.waitForMessage('runtime ready');
  } catch (error) {
    await par.stop('SIGKILL');
    throw error;
  }
  return { par, restPort, a2aPort, uiPort, baseUrl: `http://127.0.0.1:${restPort}` };
}
