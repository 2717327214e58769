import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { checkFolder } from '../../../src/package/index.js';

const folders: string[] = [];
after(async () => {
  for (const folder of folders) await rm(folder, { recursive: true, force: true });
});

/** A package folder with `files` (relative path → content). */
async function packageWith(files: Record<string, string>): Promise<string> {
  const root = await mkdtemp(path.join(tmpdir(), 'par-check-test-'));
  folders.push(root);
  for (const [name, content] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(root, name)), { recursive: true });
    await writeFile(path.join(root, name), content);
  }
  return root;
}

const manifest = (extra = '') =>
  'name: a\ndisplay_name: A\ndescription: d\nauthor: x\nruntime: node20\n' +
  `entrypoint: dist/agent.js\nmetadata: { version: 1.0.0 }\n${extra}`;

describe('checkFolder', () => {
  it('finds no problem in a complete package', async () => {
    const root = await packageWith({
      'agent.yaml': manifest('rest: { entry: dist/agent.js#routes }\nui: { path: ui }\n'),
      'dist/agent.js': 'export default {}',
      'ui/index.html': '<p>',
    });
    const check = await checkFolder(root);
    assert.deepEqual(check.problems, []);
    assert.deepEqual(check.warnings, []);
  });

  it('reports every module, UI folder and MCP file named but missing', async () => {
    const root = await packageWith({
      'agent.yaml': manifest(
        'rest: { entry: dist/rest.js#routes }\na2a: { service: "../a2a.js#service" }\n' +
          'ui: { path: ui }\nmcp: { enabled: true, config_file: mcp.json }\n'
      ),
    });
    const check = await checkFolder(root);
    assert.deepEqual(
      check.problems.map((problem) => [problem.code, problem.where]),
      [
        ['PAR_ERR_PACKAGE_REFERENCE_MISSING', 'agent.yaml entrypoint'],
        ['PAR_ERR_PACKAGE_REFERENCE_MISSING', 'agent.yaml rest.entry'],
        ['PAR_ERR_AGENT_REFERENCE_INVALID', 'agent.yaml a2a.service'],
        ['PAR_ERR_UI_FOLDER_MISSING', 'agent.yaml ui.path'],
        ['PAR_ERR_PACKAGE_REFERENCE_MISSING', 'agent.yaml mcp.config_file'],
      ]
    );
  });

  it('finds the UI of a Kit-built package under dist/ui when ui.path is not in it', async () => {
    const root = await packageWith({
      'agent.yaml': manifest('ui: { path: ui }\n'),
      'dist/agent.js': 'export default {}',
      'dist/ui/index.html': '<p>',
    });
    assert.deepEqual((await checkFolder(root)).problems, []);
  });

  it('lists manifest problems with their paths, and a missing agent.yaml', async () => {
    const broken = await packageWith({ 'agent.yaml': 'name: Bad\nentrypoint: dist/a.js\n' });
    const check = await checkFolder(broken);
    assert.deepEqual(
      check.problems.map((problem) => problem.where),
      ['agent.yaml name', 'agent.yaml metadata.version']
    );
    const empty = await packageWith({});
    assert.equal((await checkFolder(empty)).problems[0]?.code, 'PAR_ERR_MANIFEST_MISSING');
  });

  it('refuses a Python package as not supported yet', async () => {
    const root = await packageWith({
      'agent.yaml': 'name: py\nruntime: python3.11\nentrypoint: src.main:handler\n',
    });
    const [problem] = (await checkFolder(root)).problems;
    assert.equal(problem?.code, 'PAR_ERR_PACKAGE_RUNTIME_UNSUPPORTED');
  });

  it('warns about .env and the fields the Kit requires to publish', async () => {
    const root = await packageWith({
      'agent.yaml': 'name: a\nentrypoint: dist/agent.js\nmetadata: { version: 1.0.0 }\n',
      'dist/agent.js': 'export default {}',
      '.env': 'SECRET=1',
    });
    const check = await checkFolder(root);
    assert.deepEqual(check.problems, []);
    assert.equal(check.warnings.length, 4);
    assert.match(check.warnings[0] ?? '', /\.env/);
  });
});
