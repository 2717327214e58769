/**
 * The archive the package-path benchmark moves: a real, runnable `.apkg` of the example agent
 * (its built `dist/agent.js`, manifest and UI) padded with one stored, incompressible asset to
 * the size asked for. The padding is deterministic (AES-CTR over zeros with a fixed key), so
 * every run moves the same bytes and a compressing transport cannot shortcut it.
 */
import { createCipheriv, createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import yazl from 'yazl';
import { helloAgentDir } from './paths.js';

export interface PackageFixture {
  readonly path: string;
  readonly sizeBytes: number;
  /** Lower-case hex, as `PACKAGE_SHA256` takes it. */
  readonly sha256: string;
}

const agentFiles = ['agent.yaml', 'package.json', 'dist/agent.js', 'ui/index.html'];
const mtime = new Date('2026-01-01T00:00:00Z');

/**
 * Writes `<folder>/package-<N>mb.apkg`, the example agent padded to about `sizeMb` MiB, and
 * returns its size and digest. A size of 0 packs the example agent alone.
 */
export async function makePackageFixture(folder: string, sizeMb: number): Promise<PackageFixture> {
  const file = path.join(folder, `package-${sizeMb}mb.apkg`);
  const zip = new yazl.ZipFile();
  for (const name of agentFiles) {
    zip.addFile(path.join(helloAgentDir, name), name, { mtime, mode: 0o644 });
  }
  const paddingBytes = sizeMb * 1024 * 1024;
  if (paddingBytes > 0) {
    zip.addReadStream(incompressibleBytes(paddingBytes), 'assets/padding.bin', {
      mtime,
      mode: 0o644,
      compress: false,
      size: paddingBytes,
    });
  }
  zip.end();
  await pipeline(zip.outputStream, createWriteStream(file));

  const { size } = await stat(file);
  return { path: file, sizeBytes: size, sha256: await sha256OfFile(file) };
}

/** SHA-256 of a file as lower-case hex, streamed. */
export async function sha256OfFile(file: string): Promise<string> {
  const hash = createHash('sha256');
  await pipeline(createReadStream(file), hash);
  return hash.digest('hex');
}

function incompressibleBytes(total: number): Readable {
  const cipher = createCipheriv('aes-128-ctr', Buffer.alloc(16, 7), Buffer.alloc(16, 0));
  const blockBytes = 1024 * 1024;
  let left = total;
  return new Readable({
    read() {
      if (left === 0) {
        this.push(null);
        return;
      }
      const size = Math.min(blockBytes, left);
      left -= size;
      this.push(cipher.update(Buffer.alloc(size)));
    },
  });
}
