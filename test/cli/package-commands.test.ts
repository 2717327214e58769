/**
 * `par pack`, `par validate`, `par inspect` and `par run FILE.apkg` through the real CLI, each
 * with its own TMPDIR so that anything left behind shows.
 */
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ParProcess, startPar } from '../helpers/par-process.js';
import { helloAgentDir } from '../helpers/paths.js';
import { freePort } from '../helpers/ports.js';
import { rawZip, yazlZip } from '../helpers/raw-zip.js';

let sandbox: string;
let privateTmp: string;
let good: string;
let goodSha: string;
let hostile: string;
let python: string;

/** Runs `par ...args` to its exit. */
async function par(args: string[], env: Record<string, string> = {}) {
  const child = new ParProcess({ args, env: { TMPDIR: privateTmp, ...env }, cwd: sandbox });
  const { code } = await child.exited;
  return { code, stdout: child.lines.join('\n'), stderr: child.stderr.join('\n'), child };
}

async function assertNothingLeftInTmp(): Promise<void> {
  assert.deepEqual(await readdir(privateTmp), [], 'something was left in TMPDIR');
}

before(async () => {
  sandbox = await mkdtemp(path.join(tmpdir(), 'par-cli-package-test-'));
  privateTmp = path.join(sandbox, 'tmp');
  await mkdir(privateTmp);

  good = path.join(sandbox, 'good.apkg');
  const packed = await par(['pack', helloAgentDir, '-o', good], { TZ: 'UTC' });
  assert.equal(packed.code, 0, packed.stderr);
  goodSha = /sha256 ([0-9a-f]{64})/.exec(packed.stdout)?.[1] ?? '';

  hostile = path.join(sandbox, 'hostile.apkg');
  const yaml = 'name: evil\nentrypoint: dist/agent.js\nmetadata: { version: 1.0.0 }\n';
  await writeFile(
    hostile,
    rawZip([
      { name: 'agent.yaml', data: yaml },
      { name: '../escaped.js', data: 'export default {}' },
    ])
  );
  python = path.join(sandbox, 'python.apkg');
  const pythonYaml = 'name: py\nruntime: python3.11\nentrypoint: src.main:handler\n';
  await writeFile(python, await yazlZip({ 'agent.yaml': pythonYaml, 'src/main.py': 'pass\n' }));
});

after(async () => {
  await rm(sandbox, { recursive: true, force: true });
});

describe('par pack', () => {
  it('writes the same bytes in any time zone', async () => {
    const other = path.join(sandbox, 'tokyo.apkg');
    const packed = await par(['pack', helloAgentDir, '--output', other], { TZ: 'Asia/Tokyo' });
    assert.equal(packed.code, 0, packed.stderr);
    assert.match(packed.stdout, new RegExp(`sha256 ${goodSha}`));
    assert.deepEqual(await readFile(other), await readFile(good));
  });

  it('names the file <name>-<version>.apkg by default and exits 1 on a broken folder', async () => {
    const packed = await par(['pack', helloAgentDir]);
    assert.equal(packed.code, 0, packed.stderr);
    await stat(path.join(sandbox, 'hello-agent-0.1.0.apkg'));

    const broken = path.join(sandbox, 'broken');
    await mkdir(broken, { recursive: true });
    await writeFile(path.join(broken, 'agent.yaml'), 'name: Broken\n');
    const refused = await par(['pack', broken]);
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /PAR_ERR_MANIFEST_INVALID/);
  });
});

describe('par validate', () => {
  it('exits 0 for a good archive and a good folder', async () => {
    for (const target of [good, helloAgentDir]) {
      const result = await par(['validate', target]);
      assert.equal(result.code, 0, result.stdout);
      assert.match(result.stdout, /^ok: hello-agent 0\.1\.0/);
    }
    await assertNothingLeftInTmp();
  });

  it('exits 1 listing the refusal of a hostile archive, leaving nothing behind', async () => {
    const result = await par(['validate', hostile]);
    assert.equal(result.code, 1);
    assert.match(result.stdout, /PAR_ERR_ARCHIVE_UNSAFE_PATH/);
    await assertNothingLeftInTmp();
  });

  it('prints every problem as JSON with --json', async () => {
    const result = await par(['validate', '--json', python]);
    assert.equal(result.code, 1);
    const report = JSON.parse(result.stdout) as { ok: boolean; problems: Array<{ code: string }> };
    assert.equal(report.ok, false);
    assert.deepEqual(
      report.problems.map((problem) => problem.code),
      ['PAR_ERR_PACKAGE_RUNTIME_UNSUPPORTED']
    );
  });

  it('judges archives by the same MAX_* variables as par run', async () => {
    const result = await par(['validate', good], { MAX_PACKAGE_ENTRIES: '2' });
    assert.equal(result.code, 1);
    assert.match(result.stdout, /PAR_ERR_ARCHIVE_TOO_MANY_ENTRIES/);
  });

  it('exits 2 without a PACKAGE', async () => {
    assert.equal((await par(['validate'])).code, 2);
  });
});

describe('par inspect', () => {
  it('describes an archive as JSON', async () => {
    const result = await par(['inspect', '--json', good]);
    assert.equal(result.code, 0, result.stdout);
    const summary = JSON.parse(result.stdout) as Record<string, unknown>;
    assert.equal(summary.kind, 'archive');
    assert.equal(summary.name, 'hello-agent');
    assert.equal(summary.version, '0.1.0');
    assert.equal(summary.runtime, 'node20');
    assert.deepEqual(summary.surfaces, ['invoke', 'rest', 'a2a', 'ui']);
    assert.equal(summary.sha256, goodSha);
    assert.ok((summary.entries as number) > 0);
    assert.ok((summary.compressed_bytes as number) > 0);
    assert.ok((summary.uncompressed_bytes as number) > 0);
    await assertNothingLeftInTmp();
  });

  it('describes a folder in text, and exits 1 for a refused archive', async () => {
    const folder = await par(['inspect', helloAgentDir]);
    assert.equal(folder.code, 0);
    assert.match(folder.stdout, /^name: +hello-agent$/m);
    assert.match(folder.stdout, /^sha256: +-$/m);
    assert.equal((await par(['inspect', hostile])).code, 1);
  });

  it('prints its help with --help', async () => {
    const result = await par(['inspect', '--help']);
    assert.equal(result.code, 0);
    assert.match(result.stdout, /^Usage: par inspect/);
  });
});

describe('par run FILE.apkg', () => {
  it('serves a packed archive, reports its SHA-256, and removes its folder on stop', async () => {
    const { par: child, baseUrl } = await startPar(good, { TMPDIR: privateTmp });
    try {
      assert.equal((await fetch(`${baseUrl}/health`)).status, 200);
      const meta = (await (await fetch(`${baseUrl}/meta`)).json()) as Record<string, unknown>;
      assert.equal(meta.package_sha256, goodSha);
      const extracted = child.records().find((record) => record.msg === 'package extracted');
      assert.equal(extracted?.sha256, goodSha);
      assert.equal(path.dirname(String(extracted?.root)), privateTmp);
    } finally {
      const { code } = await child.stop('SIGTERM');
      assert.equal(code, 0, child.output());
    }
    await assertNothingLeftInTmp();
  });

  for (const [label, file, code] of [
    ['a hostile archive', () => hostile, 'PAR_ERR_ARCHIVE_UNSAFE_PATH'],
    ['a Python package', () => python, 'PAR_ERR_PACKAGE_RUNTIME_UNSUPPORTED'],
  ] as const) {
    it(`fails the boot of ${label} with one ${code} error line`, async () => {
      const child = new ParProcess({
        args: ['run', file()],
        env: {
          AGENT_APP_ID: 'test-agent',
          BIND_HOST: '127.0.0.1',
          REST_PORT: String(await freePort()),
          TMPDIR: privateTmp,
        },
      });
      const { code: exitCode } = await child.exited;
      assert.equal(exitCode, 1, child.output());
      const errors = child.records().filter((record) => record.level === 'error');
      assert.equal(errors.length, 1, child.output());
      assert.equal(errors[0]?.code, code);
      assert.match(String(errors[0]?.msg), /^boot failed: /);
      await assertNothingLeftInTmp();
      await assert.rejects(stat(path.join(sandbox, 'escaped.js')));
    });
  }
});
