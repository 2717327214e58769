/**
 * The runtime carries no cloud control-plane SDK and no AWS client but S3's: checked on the
 * production packages of package-lock.json and on the compiled CLI's import graph, where only
 * src/package may import @aws-sdk/client-s3. Each rule is also shown to catch a bad case.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { isBuiltin } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { parCli, repoRoot } from '../helpers/paths.js';
import {
  forbiddenReason,
  importGraph,
  productionPackages,
  readLockfile,
} from './dependency-rules.js';

const manifest = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as {
  dependencies: Record<string, string>;
};
const packageFolder = path.join(repoRoot, 'dist/src/package') + path.sep;

describe('the data plane: dependencies', () => {
  it('installs no cloud SDK and no AWS client but S3 for production (package-lock.json)', () => {
    const production = productionPackages(readLockfile(path.join(repoRoot, 'package-lock.json')));
    assert.ok(production.length > 50, `expected the whole tree, got ${production.length}`);
    const offenders = production.flatMap((name) => {
      const reason = forbiddenReason(name);
      return reason === undefined ? [] : [`${name}: ${reason}`];
    });
    assert.deepEqual(offenders, []);
  });

  it('imports only declared dependencies and node: modules from the compiled CLI', () => {
    const { files, imports } = importGraph(parCli);
    assert.ok(
      files.some((file) => file.endsWith('lifecycle/agent-runtime.js')),
      'the walk reaches the lifecycle'
    );
    const undeclared = imports.filter(
      ({ packageName }) => !isBuiltin(packageName) && !(packageName in manifest.dependencies)
    );
    assert.deepEqual(
      undeclared.map(({ specifier, importer }) => `${specifier} <- ${importer}`),
      []
    );
    const forbidden = imports.filter(({ packageName }) => forbiddenReason(packageName));
    assert.deepEqual(
      forbidden.map(({ specifier }) => specifier),
      []
    );
  });

  it('imports @aws-sdk only as client-s3, and only from src/package', () => {
    const { imports } = importGraph(parCli);
    const aws = imports.filter(({ packageName }) => packageName.startsWith('@aws-sdk/'));
    for (const { packageName, importer } of aws) {
      assert.equal(packageName, '@aws-sdk/client-s3', importer);
      assert.ok(importer.startsWith(packageFolder), `${importer} imports ${packageName}`);
    }
  });
});

describe('the data-plane rules catch what they forbid (negative controls)', () => {
  const folder = mkdtempSync(path.join(tmpdir(), 'par-import-graph-'));
  after(() => rmSync(folder, { recursive: true, force: true }));

  it('flags AWS SDK v2, other AWS clients and other clouds in a lockfile, not dev ones', () => {
    const lockfile = {
      packages: {
        '': {},
        'node_modules/aws-sdk': {},
        'node_modules/@aws-sdk/client-s3': {},
        'node_modules/@aws-sdk/client-s3/node_modules/@aws-sdk/client-ecs': {},
        'node_modules/@aws-sdk/core': {},
        'node_modules/@google-cloud/storage': {},
        'node_modules/@azure/identity': { dev: true },
      },
    };
    const flagged = productionPackages(lockfile).filter((name) => forbiddenReason(name));
    assert.deepEqual(flagged, ['@aws-sdk/client-ecs', '@google-cloud/storage', 'aws-sdk']);
  });

  it('follows relative, re-exported and literal dynamic imports to the packages they name', () => {
    writeFileSync(
      path.join(folder, 'main.js'),
      "import { b } from './b.js';\nexport * from './c.js';\nimport './d.js';\n" +
        'const text = `to export "${b}" from here`;\n'
    );
    writeFileSync(
      path.join(folder, 'b.js'),
      "import {\n  Storage,\n} from '@google-cloud/storage';\nexport const b = 1;\n"
    );
    writeFileSync(
      path.join(folder, 'c.js'),
      "export const c = () => import('@aws-sdk/client-sts');\n"
    );
    writeFileSync(path.join(folder, 'd.js'), "import 'dockerode/lib/docker.js';\n");
    const { files, imports } = importGraph(path.join(folder, 'main.js'));
    assert.equal(files.length, 4);
    const names = imports.map(({ packageName }) => packageName).sort();
    assert.deepEqual(names, ['@aws-sdk/client-sts', '@google-cloud/storage', 'dockerode']);
    assert.ok(names.every((name) => forbiddenReason(name) !== undefined));
  });
});
