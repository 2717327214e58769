/**
 * What the UI does to the boot: a UI-only package (no entrypoint) becomes ready; the Kit's
 * dist/ui is found when ui.path is not there; a missing folder or index, or a ui.path that
 * leads outside the package, fails the boot with a stable code; a package without a UI gets
 * no UI server even with MULTIPLEXED=false.
 */
import assert from 'node:assert/strict';
import { mkdir, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { connectionRefused } from '../../helpers/http-calls.js';
import { ParProcess, startPar } from '../../helpers/par-process.js';
import { fixturesDir } from '../../helpers/paths.js';
import { freePorts } from '../../helpers/ports.js';
import { rawRequest } from '../../helpers/raw-http.js';
import { bootRuntime } from '../../helpers/runtime-harness.js';
import { createUiPackage, indexHtml, type UiPackage } from '../../helpers/ui-package.js';

const packages: UiPackage[] = [];
async function uiPackage(options: Parameters<typeof createUiPackage>[0]): Promise<UiPackage> {
  const pkg = await createUiPackage(options);
  packages.push(pkg);
  return pkg;
}
after(() => Promise.all(packages.map((pkg) => pkg.remove())));

function json(body: Buffer): Record<string, unknown> {
  return JSON.parse(body.toString()) as Record<string, unknown>;
}

describe('a UI-only package (no entrypoint)', () => {
  for (const multiplexed of ['true', 'false']) {
    it(`is ready and serves its UI, without /invoke (MULTIPLEXED=${multiplexed})`, async () => {
      const pkg = await uiPackage({ uiOnly: true });
      const harness = await bootRuntime(pkg.dir, { MULTIPLEXED: multiplexed });
      try {
        assert.equal(harness.runtime.lifecycle.state, 'READY');
        const uiPort = multiplexed === 'true' ? harness.restPort : harness.uiPort;
        const index = await rawRequest(uiPort, '/ui/');
        assert.equal(index.body.toString(), indexHtml);
        const invoke = await rawRequest(harness.restPort, '/invoke', { method: 'POST' });
        assert.equal(invoke.status, 404);
        const config = json((await rawRequest(uiPort, '/ui-config.json')).body);
        assert.equal(config.invokeUrl, null);
        const health = json((await rawRequest(harness.restPort, '/health')).body);
        assert.deepEqual(health.surfaces, { rest: true, a2a: true, ui: true });
      } finally {
        await harness.stop();
      }
    });
  }

  it('becomes ready as a real `par run` child process', async () => {
    const pkg = await uiPackage({ uiOnly: true });
    const started = await startPar(pkg.dir);
    try {
      const response = await fetch(`${started.baseUrl}/ui/about`);
      assert.equal(response.status, 200);
      assert.equal(await response.text(), indexHtml);
      assert.equal((await fetch(`${started.baseUrl}/health`)).status, 200);
    } finally {
      assert.equal((await started.par.stop('SIGTERM')).code, 0);
    }
  });
});

describe('finding the UI folder', () => {
  it("serves the Kit's dist/ui when ui.path is not in the package", async () => {
    const pkg = await uiPackage({ uiPath: 'src/webui', uiFolder: 'dist/ui' });
    const harness = await bootRuntime(pkg.dir);
    try {
      assert.equal(harness.runtime.lifecycle.state, 'READY');
      assert.equal((await rawRequest(harness.restPort, '/ui/')).body.toString(), indexHtml);
    } finally {
      await harness.stop();
    }
  });

  it('serves dist/ui when the ui.path folder exists but holds no index.html', async () => {
    const pkg = await uiPackage({ uiPath: 'webui', uiFolder: 'dist/ui' });
    await mkdir(path.join(pkg.dir, 'webui'));
    await writeFile(path.join(pkg.dir, 'webui', 'readme.txt'), 'sources, not the build');
    const harness = await bootRuntime(pkg.dir);
    try {
      assert.equal(harness.runtime.lifecycle.state, 'READY');
      assert.equal((await rawRequest(harness.restPort, '/ui/')).body.toString(), indexHtml);
    } finally {
      await harness.stop();
    }
  });

  it('follows a ui.path symlink that stays inside the package', async () => {
    const pkg = await uiPackage({ uiPath: 'linked-ui', uiFolder: 'real-ui' });
    await symlink('real-ui', path.join(pkg.dir, 'linked-ui'));
    const harness = await bootRuntime(pkg.dir);
    try {
      assert.equal(harness.runtime.lifecycle.state, 'READY');
    } finally {
      await harness.stop();
    }
  });
});

describe('a UI that cannot be served fails the boot', () => {
  // A `..` or absolute ui.path may already be refused by the agent.yaml checks of src/package
  // (PAR_ERR_MANIFEST_INVALID); the UI's own check is the backstop, and either fails the boot.
  const pathCodes = 'PAR_ERR_UI_PATH_INVALID or PAR_ERR_MANIFEST_INVALID';
  const cases: Array<{ what: string; code: string; prepare: () => Promise<UiPackage> }> = [
    {
      what: 'a UI folder without index.html',
      code: 'PAR_ERR_UI_INDEX_MISSING',
      prepare: () => uiPackage({ omitIndex: true }),
    },
    {
      what: 'an index.html that is a folder',
      code: 'PAR_ERR_UI_INDEX_MISSING',
      prepare: async () => {
        const pkg = await uiPackage({ omitIndex: true });
        await mkdir(path.join(pkg.uiDir!, 'index.html'));
        return pkg;
      },
    },
    {
      what: 'no UI folder at all',
      code: 'PAR_ERR_UI_FOLDER_MISSING',
      prepare: () => uiPackage({ uiFolder: null }),
    },
    {
      what: 'a ui.path that is a file',
      code: 'PAR_ERR_UI_FOLDER_MISSING',
      prepare: async () => {
        const pkg = await uiPackage({ uiPath: 'page.html', uiFolder: null });
        await writeFile(path.join(pkg.dir, 'page.html'), indexHtml);
        return pkg;
      },
    },
    {
      what: 'a ui.path with ..',
      code: pathCodes,
      prepare: () => uiPackage({ uiPath: '../outside', uiFolder: null }),
    },
    {
      what: 'an absolute ui.path',
      code: pathCodes,
      prepare: () => uiPackage({ uiPath: '/etc', uiFolder: null }),
    },
    {
      what: 'a ui.path symlink that leads outside the package',
      code: 'PAR_ERR_UI_PATH_INVALID',
      prepare: async () => {
        const pkg = await uiPackage({ uiPath: 'ui', uiFolder: null });
        await symlink(path.join(pkg.dir, '..', 'outside'), path.join(pkg.dir, 'ui'));
        return pkg;
      },
    },
  ];
  for (const { what, code, prepare } of cases) {
    for (const multiplexed of ['true', 'false']) {
      it(`fails on ${what} with ${code} (MULTIPLEXED=${multiplexed})`, async () => {
        const pkg = await prepare();
        const harness = await bootRuntime(pkg.dir, { MULTIPLEXED: multiplexed });
        assert.equal(await harness.exited, 1);
        assert.equal(harness.runtime.lifecycle.state, 'STOPPED');
        const codes = code.split(' or ');
        const failed = harness.logs.records.find((record) => codes.includes(String(record.code)));
        assert.ok(failed, JSON.stringify(harness.logs.withMessage('lifecycle state changed')));
        assert.equal(await connectionRefused(harness.restPort), true);
        assert.equal(await connectionRefused(harness.uiPort), true);
      });
    }
  }

  it('exits non-zero from a real `par run` with one error line naming the code', async () => {
    const pkg = await uiPackage({ omitIndex: true });
    const [restPort, a2aPort] = (await freePorts(2)) as [number, number];
    const par = new ParProcess({
      args: ['run', pkg.dir],
      env: {
        AGENT_APP_ID: 'test-agent',
        BIND_HOST: '127.0.0.1',
        REST_PORT: String(restPort),
        A2A_PORT: String(a2aPort),
      },
    });
    const result = await par.exited;
    assert.equal(result.code, 1, par.output());
    const errors = par.records().filter((record) => record.level === 'error');
    assert.equal(errors.length, 1, par.output());
    assert.equal(errors[0]!.code, 'PAR_ERR_UI_INDEX_MISSING');
    assert.match(String(errors[0]!.msg), /index\.html/);
  });
});

describe('a package without a UI', () => {
  it('gets no UI server with MULTIPLEXED=false, and reports the UI as absent', async () => {
    const harness = await bootRuntime(path.join(fixturesDir, 'rest-agent'), {
      MULTIPLEXED: 'false',
    });
    try {
      assert.equal(harness.runtime.lifecycle.state, 'READY');
      assert.equal(await connectionRefused(harness.uiPort), true);
      const health = json((await rawRequest(harness.restPort, '/health')).body);
      assert.deepEqual(health.surfaces, { rest: true, a2a: true, ui: false });
      const meta = json((await rawRequest(harness.restPort, '/meta')).body);
      assert.deepEqual(meta.surfaces, { rest: true, a2a: true, ui: false });
      assert.equal((await rawRequest(harness.restPort, '/ui/')).status, 404);
    } finally {
      await harness.stop();
    }
  });
});
