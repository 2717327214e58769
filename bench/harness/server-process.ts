import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { readFile } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';

export interface ServerProcessOptions {
  /** Arguments after `node`. */
  args: string[];
  env: Record<string, string>;
  /** Polled until it answers 200; the time from spawn to that answer is the boot time. */
  readyUrl: string;
  readyTimeoutMs?: number;
}

/**
 * A server under test in its own process. Its output goes nowhere: the benchmark process is
 * also the load generator, and reading log lines here would steal CPU from the load.
 * Logging still happens in full inside the server (pino formats every line to /dev/null).
 */
export class ServerProcess {
  private constructor(
    readonly child: ChildProcess,
    /** Milliseconds from spawn to the first 200 from `readyUrl`. */
    readonly bootMs: number
  ) {}

  static async start(options: ServerProcessOptions): Promise<ServerProcess> {
    const stderr: string[] = [];
    const startedAt = performance.now();
    const child = spawn(process.execPath, options.args, {
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', ...options.env },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    child.stderr?.setEncoding('utf8').on('data', (text: string) => stderr.push(text));
    const deadline = startedAt + (options.readyTimeoutMs ?? 30_000);
    for (;;) {
      if (child.exitCode !== null) {
        throw new Error(`server exited with ${child.exitCode} before ready: ${stderr.join('')}`);
      }
      if (await answers200(options.readyUrl)) break;
      if (performance.now() > deadline) {
        child.kill('SIGKILL');
        throw new Error(`server not ready at ${options.readyUrl}: ${stderr.join('')}`);
      }
      await sleep(2);
    }
    return new ServerProcess(child, performance.now() - startedAt);
  }

  /** Resident set size in MiB, read from /proc (Linux). */
  async rssMb(): Promise<number> {
    const status = await readFile(`/proc/${this.child.pid}/status`, 'utf8');
    const kib = Number(/^VmRSS:\s+(\d+)\s+kB/m.exec(status)?.[1] ?? Number.NaN);
    return kib / 1024;
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = once(this.child, 'exit');
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  }
}

async function answers200(url: string): Promise<boolean> {
  try {
    const response = await fetch(url);
    await response.arrayBuffer();
    return response.status === 200;
  } catch {
    return false;
  }
}
