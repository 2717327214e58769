/**
 * A server under test in its own process: spawned, polled until ready (the boot time), read
 * for its memory, stopped. Its stdout is a pipe drained by a separate `tail -c` (which reads
 * everything and keeps the last few KB, to explain a failed boot), as a container runtime
 * drains a container's stdout in production: every log line is formatted, written and read.
 */
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

// Children still running, so a benchmark that throws half-way never leaves a server behind.
const running = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

export class ServerProcess {
  private constructor(
    readonly child: ChildProcess,
    private readonly drain: ChildProcess,
    /** Milliseconds from spawn to the first 200 from `readyUrl`. */
    readonly bootMs: number
  ) {}

  static async start(options: ServerProcessOptions): Promise<ServerProcess> {
    // The drain is started before the clock: it stands for the container runtime, not the boot.
    const drain = track(spawn('tail', ['-c', '4096'], { stdio: ['pipe', 'pipe', 'ignore'] }));
    await once(drain, 'spawn');
    const lastOutput: string[] = [];
    drain.stdout.setEncoding('utf8').on('data', (text: string) => lastOutput.push(text));
    const stderr: string[] = [];
    const failure = async (what: string) => {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = once(child, 'exit');
        child.kill('SIGKILL');
        await exited;
      }
      drain.stdin.destroy();
      await once(drain, 'close');
      return new Error(`${what}: ${stderr.join('')}${lastOutput.join('')}`.trimEnd());
    };

    const startedAt = performance.now();
    const child = track(
      spawn(process.execPath, options.args, {
        env: { PATH: process.env.PATH ?? '/usr/bin:/bin', ...options.env },
        stdio: ['ignore', drain.stdin, 'pipe'],
      })
    );
    child.stderr.setEncoding('utf8').on('data', (text: string) => stderr.push(text));
    const deadline = startedAt + (options.readyTimeoutMs ?? 30_000);
    for (;;) {
      if (child.exitCode !== null) {
        throw await failure(`server exited with ${child.exitCode} before ready`);
      }
      if (await answers200(options.readyUrl)) break;
      if (performance.now() > deadline) {
        throw await failure(`server not ready at ${options.readyUrl}`);
      }
      await sleep(2);
    }

    return new ServerProcess(child, drain, performance.now() - startedAt);
  }

  /** Resident set size in MiB, read from /proc (Linux). */
  async rssMb(): Promise<number> {
    const status = await readFile(`/proc/${this.child.pid}/status`, 'utf8');
    const kib = Number(/^VmRSS:\s+(\d+)\s+kB/m.exec(status)?.[1] ?? Number.NaN);
    return kib / 1024;
  }

  /** SIGTERM, then SIGKILL after 10 s; the drain ends once no one holds the pipe any more. */
  async stop(): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null) {
      const exited = once(this.child, 'exit');
      this.child.kill('SIGTERM');
      const timer = setTimeout(() => this.child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    }
    // Only now, and closed rather than ended: the pipe is a socket the server shares, and
    // ending it (shutdown) would cut the server's own stdout while it writes its last lines.
    this.drain.stdin?.destroy();
  }
}

/** Kills `child` if the benchmark process exits while it still runs. */
export function track<T extends ChildProcess>(child: T): T {
  running.add(child);
  child.once('exit', () => running.delete(child));
  return child;
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
