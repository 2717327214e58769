import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isRuntimeError } from '../../src/errors/index.js';
import { assertHostable, parseManifest, type ManifestProblem } from '../../src/package/index.js';

/** The problems of a manifest that must fail, as `path: message` pairs. */
function problemsOf(text: string): ManifestProblem[] {
  try {
    parseManifest(text);
  } catch (error) {
    assert.ok(isRuntimeError(error));
    assert.equal(error.code, 'PAR_ERR_MANIFEST_INVALID');
    return error.details?.problems as ManifestProblem[];
  }
  throw new Error('expected the manifest to be refused');
}

const kitNodeManifest = `
version: "1.0"
name: ticket-summarizer
display_name: Ticket Summarizer
description: Summarises tickets
author: Example Co
license: MIT
runtime: node20
entrypoint: dist/agent.js#handle
capabilities: [summarization]
environment:
  SUMMARY_MODEL: "\${SUMMARY_MODEL:-small}"
rest: { entry: dist/http.js#mount }
a2a: { service: dist/a2a.js#createService }
ui: { path: dist/ui, basePath: /app }
ui_spec_version: 1.0.0
required_ui_capabilities: [forms]
mcp: { enabled: true, config_file: mcp.json }
metadata:
  version: 1.4.0
  tags: [support]
  extensive_description: Long text
  usage_guide: Call it
  examples: [{ title: basic, code: "x" }]
  x-runtime: { node: { engines: ">=20" } }
  sub_agents:
    - { name: summarize, description: One paragraph, endpoint: /api/summarize, public: true }
    - { name: draft }
`;

describe('parseManifest', () => {
  it('accepts the full Kit v1 manifest with the Node extension and resolves the quirks', () => {
    const manifest = parseManifest(kitNodeManifest);
    assert.equal(manifest.name, 'ticket-summarizer');
    assert.equal(manifest.version, '1.4.0', 'the release version comes from metadata.version');
    assert.equal(manifest.runtime, 'node');
    assert.equal(manifest.runtimeName, 'node20');
    assert.deepEqual(manifest.ui, { path: 'dist/ui', basePath: '/app' });
    assert.equal(manifest.mcpConfigFile, 'mcp.json');
    assert.deepEqual(
      manifest.subAgents.map((agent) => [agent.name, agent.public]),
      [
        ['summarize', true],
        ['draft', false],
      ]
    );
  });

  it('never takes the format marker "1.0" for the release version', () => {
    const problems = problemsOf('version: "1.0"\nname: a\nentrypoint: dist/a.js\n');
    assert.deepEqual(
      problems.map((problem) => problem.path),
      ['metadata.version']
    );
  });

  it('takes a full x.y.z top-level version when metadata has none (hand-made packages)', () => {
    const manifest = parseManifest('version: 2.3.4\nname: a\nentrypoint: dist/a.js\n');
    assert.equal(manifest.version, '2.3.4');
  });

  it('reports every problem at once, each with its path', () => {
    const problems = problemsOf(`
name: Bad_Name
runtime: node99
entrypoint: dist/a.js
environment: { PORT: 8080 }
dependencies: [requests, "zope.interface>=5.0", "fastapi>=0.100"]
sub_agents: [{ name: x }]
ui: { path: ../outside }
mcp: { enabled: true }
metadata: { sub_agents: [{ description: no name }] }
`);
    const paths = problems.map((problem) => problem.path).sort();
    assert.deepEqual(paths, [
      'dependencies.0',
      'dependencies.1',
      'environment.PORT',
      'mcp.config_file',
      'metadata.sub_agents.0.name',
      'metadata.version',
      'name',
      'runtime',
      'sub_agents',
      'ui.path',
    ]);
    const misplaced = problems.find((problem) => problem.path === 'sub_agents');
    assert.match(misplaced?.message ?? '', /move it under metadata/);
  });

  it('requires an entrypoint or a surface', () => {
    const problems = problemsOf('name: a\nmetadata: { version: 1.0.0 }\n');
    assert.deepEqual(
      problems.map((problem) => problem.path),
      ['entrypoint']
    );
  });

  it('refuses YAML that does not parse, and duplicate keys', () => {
    assert.equal(problemsOf('name: [unclosed\n')[0]?.path, '');
    assert.ok(problemsOf('name: a\nname: b\nentrypoint: dist/a.js\n').length > 0);
  });

  const pythonVariants: Array<[string, string]> = [
    [
      'a current Kit build',
      'version: "1.0"\nname: py\ndisplay_name: P\ndescription: d\nauthor: a\nlicense: MIT\n' +
        'runtime: python3.11\nentrypoint: src.main:handler\nmetadata: { version: 0.4.0 }\n',
    ],
    [
      'an early Kit build (no runtime)',
      'name: py\nentrypoint: src.main:handler\nmetadata: { version: 0.1.0 }\n',
    ],
    [
      'a hand-zipped three-surface package',
      'name: example-agent\nversion: 1.0.0\nentrypoint: main:handler\n' +
        'rest: { entry: rest_routes:mount }\na2a: { service: a2a_service:create }\n' +
        'ui: { path: ui }\n',
    ],
    [
      'the legacy exports schema',
      'name: test-agent\nversion: 0.1.0\nruntime: { python: ">=3.8" }\n' +
        'exports: [{ name: hello, type: function, handler: agent.hello }]\n',
    ],
    [
      'the PRD draft schema',
      'id: draft-agent\nversion: 0.1.0\nentrypoint: main:app\n' +
        'exports: [{ id: run, path: main:run }]\nmetadata: { runtime: python }\n',
    ],
  ];
  for (const [label, text] of pythonVariants) {
    it(`recognises ${label} as Python and refuses to host it with a stable code`, () => {
      const manifest = parseManifest(text);
      assert.equal(manifest.runtime, 'python');
      assert.notEqual(manifest.name, 'unknown');
      assert.throws(
        () => assertHostable(manifest),
        (error: unknown) => {
          assert.ok(isRuntimeError(error));
          assert.equal(error.code, 'PAR_ERR_PACKAGE_RUNTIME_UNSUPPORTED');
          assert.match(error.message, /Python package.*not supported yet/);
          return true;
        }
      );
    });
  }

  it('refuses a Go package as unsupported, and a misspelt Node runtime as invalid', () => {
    const go = parseManifest(
      'name: g\nruntime: go1.21\nentrypoint: main:run\nmetadata: { version: 1.0.0 }\n'
    );
    assert.throws(() => assertHostable(go), { code: 'PAR_ERR_PACKAGE_RUNTIME_UNSUPPORTED' });
    const problems = problemsOf(
      'name: n\nruntime: nodejs\nentrypoint: dist/a.js\nmetadata: { version: 1.0.0 }\n'
    );
    assert.deepEqual(
      problems.map((problem) => problem.path),
      ['runtime']
    );
  });
});
