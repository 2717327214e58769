/**
 * The package path: the runtime downloads, verifies and extracts a packed agent from the S3
 * emulator and from a local TLS server, against reading and hashing the same bytes from disk.
 * The runtime's step is `acquirePackageForBench`; see its file.
 */
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Benchmark, BenchSettings } from '../harness/benchmark.js';
import { figure, ratioGoal, type Figure } from '../harness/figure.js';
import { alternate } from '../harness/alternate.js';
import {
  makePackageFixture,
  sha256OfFile,
  type PackageFixture,
} from '../harness/package-fixture.js';
import { startPackageOrigins } from '../harness/package-origins.js';
import { acquirePackageForBench, type PackageTransfer } from '../harness/runtime-package-path.js';
import { makeSelfSignedCert } from '../harness/tls-cert.js';

export const packagePath: Benchmark = {
  name: 'package-path',
  description: 'download, verify, extract an .apkg from s3rver and local TLS vs a disk read',
  async run(settings) {
    const workspace = await mkdtemp(path.join(os.tmpdir(), 'par-bench-package-'));
    try {
      const fixture = await makePackageFixture(workspace, settings.packageFixtureMb);
      const cert = await makeSelfSignedCert(workspace);
      const storeDir = path.join(workspace, 's3rver');
      await mkdir(storeDir);
      const running = await startPackageOrigins({ fixturePath: fixture.path, storeDir, cert });
      try {
        const { origins } = running;
        const base = { sha256: fixture.sha256, s3: origins.s3, caCertPath: cert.certPath };
        const sources = [
          { label: 'package-path https', packageUrl: origins.httpsUrl },
          {
            label: 'package-path s3',
            packageUrl: `s3://${origins.s3.bucket}/${origins.s3.key}`,
          },
        ];
        const figures: Figure[] = [];
        for (const source of sources) {
          const transfer = { ...base, packageUrl: source.packageUrl };
          const times = await measureSource({ settings, fixture, transfer, workspace });
          figures.push(
            figure({
              benchmark: source.label,
              metric: `acquire ${settings.packageFixtureMb} MB`,
              unit: 'ms',
              direction: 'lower-is-better',
              ...times,
              goal: ratioGoal(1.5),
            })
          );
        }
        return figures;
      } finally {
        await running.stop();
      }
    } finally {
      await rm(workspace, { recursive: true, force: true });
    }
  },
};

/**
 * One warm-up of each side (connections, the S3 client, the page cache), then alternating
 * timed runs: the runtime's step into a fresh folder, and the disk read + SHA-256 floor.
 */
async function measureSource(options: {
  settings: BenchSettings;
  fixture: PackageFixture;
  transfer: Omit<PackageTransfer, 'workDir'>;
  workspace: string;
}): Promise<{ subject: number[]; baseline: number[] }> {
  const { fixture, transfer, workspace } = options;
  let runs = 0;
  const acquire = async () => {
    runs += 1;
    const workDir = path.join(workspace, `acquire-${runs}`);
    await mkdir(workDir);
    try {
      return await timed(() => acquirePackageForBench({ ...transfer, workDir }));
    } finally {
      await rm(workDir, { recursive: true, force: true });
    }
  };
  const readAndHash = () =>
    timed(async () => {
      const digest = await sha256OfFile(fixture.path);
      if (digest !== fixture.sha256) throw new Error('Bug: the fixture changed under the bench');
    });

  await acquire();
  await readAndHash();
  return alternate(options.settings.rounds, readAndHash, acquire);
}

async function timed(step: () => Promise<void>): Promise<number> {
  const startedAt = performance.now();
  await step();
  return performance.now() - startedAt;
}
