/**
 * A thin wrapper over the podman CLI for the container checks: run a command, get its exit code
 * and output. CONTAINERS_CONF (runc, ulimits) comes from the environment prepare.sh sets up.
 */
import { spawn } from 'node:child_process';

export interface CommandResult {
  code: number | null;
  stdout: string;
  stderr: string;
  durationMs: number;
}

/** Runs `podman ARGS...` to completion; never throws for a non-zero exit. */
export function podman(args: string[], timeoutMs = 120_000): Promise<CommandResult> {
  const startedAt = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn('podman', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.once('error', reject);
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr, durationMs: performance.now() - startedAt });
    });
  });
}

/** Like `podman`, but a non-zero exit is an error carrying the output. */
export async function podmanOk(args: string[], timeoutMs?: number): Promise<string> {
  const result = await podman(args, timeoutMs);
  if (result.code !== 0) {
    throw new Error(`podman ${args.join(' ')} exited ${result.code}:\n${result.stderr}`);
  }
  return result.stdout;
}

/** The JSON log lines a container printed, stdout and stderr together. */
export async function containerLogs(
  name: string
): Promise<{ text: string; records: Record<string, unknown>[] }> {
  const result = await podman(['logs', name]);
  const text = `${result.stdout}\n${result.stderr}`;
  const records = text.split('\n').flatMap((line): Array<Record<string, unknown>> => {
    try {
      const parsed: unknown = JSON.parse(line);
      return isRecord(parsed) ? [parsed] : [];
    } catch {
      return [];
    }
  });
  return { text, records };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
