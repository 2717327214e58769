import assert from 'node:assert/strict';
import {
  chmod,
  mkdir,
  mkdtemp,
  readdir,
  rm,
  stat,
  symlink,
  utimes,
  writeFile,
} from 'node:fs/promises';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { extractArchive, packFolder, sha256OfFile } from '../../../src/package/index.js';
import { writeApkg } from '../../../src/package/pack/index.js';

let sandbox: string;
let root: string;

before(async () => {
  sandbox = await mkdtemp(path.join(tmpdir(), 'par-pack-test-'));
  root = path.join(sandbox, 'agent');
  const files: Record<string, string> = {
    'agent.yaml':
      'name: packed\ndisplay_name: P\ndescription: d\nauthor: a\nruntime: node20\n' +
      'entrypoint: dist/agent.js\nui: { path: ui }\nmetadata: { version: 1.2.3 }\n',
    'dist/agent.js': 'export default { invoke: (input) => input };\n',
    'dist/z-last.js': '// sorts last\n',
    'ui/index.html': '<p>hi</p>',
    '.env': 'SECRET=1',
    '.env.local': 'SECRET=2',
    '.env.example': 'SECRET=',
    'node_modules/dep/index.js': 'module.exports = 1;',
    '.git/HEAD': 'ref: refs/heads/main',
  };
  for (const [name, content] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(root, name)), { recursive: true });
    await writeFile(path.join(root, name), content);
  }
  await symlink('/etc/passwd', path.join(root, 'dist/link.js'));
});

after(async () => {
  await rm(sandbox, { recursive: true, force: true });
});

async function unpackedFiles(file: string): Promise<string[]> {
  const extracted = await extractArchive({ file, parentDir: sandbox });
  try {
    const entries = await readdir(extracted.root, { recursive: true, withFileTypes: true });
    return entries
      .filter((entry) => entry.isFile())
      .map((entry) => path.relative(extracted.root, path.join(entry.parentPath, entry.name)))
      .sort();
  } finally {
    await extracted.cleanup();
  }
}

describe('packFolder', () => {
  it('writes <name>-<version>.apkg without secrets, VCS data, node_modules or links', async () => {
    const result = await packFolder({ root, cwd: sandbox });
    assert.equal(result.kind, 'packed');
    assert.equal(result.file, path.join(sandbox, 'packed-1.2.3.apkg'));
    assert.deepEqual(await unpackedFiles(result.file), [
      '.env.example',
      'agent.yaml',
      'dist/agent.js',
      'dist/z-last.js',
      'ui/index.html',
    ]);
    assert.deepEqual(result.skipped.map((skip) => skip.path).sort(), [
      '.env',
      '.env.local',
      '.git',
      'dist/link.js',
      'node_modules',
    ]);
    assert.equal(result.sha256, await sha256OfFile(result.file));
  });

  it('keeps node_modules when asked, and never packs its own output file', async () => {
    const output = path.join(root, 'self.apkg');
    await writeFile(output, 'an older build');
    const result = await packFolder({ root, output, includeNodeModules: true });
    assert.equal(result.kind, 'packed');
    const files = await unpackedFiles(output);
    assert.ok(files.includes('node_modules/dep/index.js'));
    assert.ok(!files.includes('self.apkg'));
    await rm(output);
  });

  it('is byte-for-byte reproducible whatever the files’ timestamps and modes', async () => {
    const first = await packFolder({ root, output: path.join(sandbox, 'first.apkg') });
    await utimes(path.join(root, 'dist/agent.js'), new Date(2001, 1, 1), new Date(2001, 1, 1));
    await utimes(path.join(root, 'agent.yaml'), new Date(), new Date());
    await chmod(path.join(root, 'ui/index.html'), 0o600);
    const second = await packFolder({ root, output: path.join(sandbox, 'second.apkg') });

    assert.equal(first.kind, 'packed');
    assert.equal(second.kind, 'packed');
    assert.equal(first.sha256, second.sha256);
    assert.deepEqual(
      await readFile(path.join(sandbox, 'first.apkg')),
      await readFile(path.join(sandbox, 'second.apkg'))
    );
  });

  it('refuses a folder with problems and writes nothing', async () => {
    const broken = path.join(sandbox, 'broken');
    await mkdir(broken);
    await writeFile(path.join(broken, 'agent.yaml'), 'name: broken\nentrypoint: dist/missing.js\n');
    const output = path.join(sandbox, 'broken.apkg');
    const result = await packFolder({ root: broken, output });
    assert.equal(result.kind, 'refused');
    assert.deepEqual(
      result.kind === 'refused' ? result.problems.map((problem) => problem.where) : [],
      ['agent.yaml metadata.version']
    );
    await assert.rejects(stat(output));
  });

  it('fails, leaving no partial file, when a listed file cannot be read', async () => {
    const output = path.join(sandbox, 'unreadable.apkg');
    await assert.rejects(writeApkg({ root, files: ['agent.yaml', 'gone.js'], output }), {
      code: 'ENOENT',
    });
    assert.deepEqual(
      (await readdir(sandbox)).filter((name) => name.startsWith('unreadable')),
      []
    );
  });
});
