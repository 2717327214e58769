/**
 * Starts bench/origins/package-origin.ts in its own process and hands back where its S3
 * emulator and HTTPS server listen, with a way to stop it.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import { createInterface } from 'node:readline';
import type { PackageOrigins } from '../origins/package-origin.js';
import { repoRoot } from './paths.js';
import { track } from './server-process.js';
import type { TlsCert } from './tls-cert.js';

const originScript = path.join(repoRoot, 'bench/origins/package-origin.ts');

export interface RunningOrigins {
  readonly origins: PackageOrigins;
  stop(): Promise<void>;
}

/** Serves `fixturePath` from s3rver (stored under `storeDir`) and over HTTPS with `cert`. */
export async function startPackageOrigins(options: {
  fixturePath: string;
  storeDir: string;
  cert: TlsCert;
}): Promise<RunningOrigins> {
  const child = track(
    spawn(process.execPath, ['--import', 'tsx', originScript], {
      cwd: repoRoot,
      env: {
        PATH: process.env.PATH ?? '/usr/bin:/bin',
        FIXTURE_PATH: options.fixturePath,
        STORE_DIR: options.storeDir,
        CERT_PATH: options.cert.certPath,
        KEY_PATH: options.cert.keyPath,
        AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
  );
  const stderr: string[] = [];
  child.stderr.setEncoding('utf8').on('data', (text: string) => stderr.push(text));
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = once(child, 'exit');
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
    await exited;
    clearTimeout(timer);
  };

  const lines = createInterface({ input: child.stdout });
  const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
  try {
    for await (const line of lines) {
      return { origins: JSON.parse(line) as PackageOrigins, stop };
    }
  } finally {
    clearTimeout(timer);
    lines.close();
  }
  await stop();
  throw new Error(`the package origins exited before listening: ${stderr.join('')}`);
}
