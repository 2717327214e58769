/**
 * installDependencies against real npm, offline: the fixture dependency comes from a packed
 * tarball in npm's cache, and the registry is a closed loopback port.
 */
import assert from 'node:assert/strict';
import { cp, readFile, rm, stat, unlink } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { InstallSettings } from '../../../src/config/index.js';
import { RuntimeError } from '../../../src/errors/index.js';
import { installDependencies } from '../../../src/package/index.js';
import {
  DependencyHarness,
  cacheEntries,
  capturingLogger,
  stagingLeftovers,
} from '../../helpers/dependency-harness.js';
import {
  npmRuns,
  offlineNpmEnv,
  writeAgentWithDependencies,
  writeCountingNpm,
  type PackedDependency,
} from '../../helpers/npm-fixtures.js';

let harness: DependencyHarness;
let dependency: PackedDependency;
let scripted: PackedDependency;
let counterFile: string;
let countingNpm: string;
let scriptMarker: string;

function settings(overrides: Partial<InstallSettings> = {}): InstallSettings {
  return {
    allowScripts: false,
    offline: false,
    timeoutMs: 120_000,
    npmCli: countingNpm,
    ...overrides,
  };
}

async function agentPackage(
  options: Partial<Parameters<typeof writeAgentWithDependencies>[1]> = {}
): Promise<string> {
  const dir = await harness.folder('agent');
  await writeAgentWithDependencies(dir, { dependencies: [dependency], ...options });
  return dir;
}

async function install(root: string, cacheDir: string | undefined, extra: object = {}) {
  const { logger, records } = capturingLogger();
  const outcome = await installDependencies({
    root,
    scriptsRequested: false,
    settings: settings(),
    cacheDir,
    logger,
    ...extra,
  });
  return { outcome, records };
}

async function rejectsWith(promise: Promise<unknown>, code: string): Promise<RuntimeError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof RuntimeError, String(error));
    assert.equal(error.code, code, error.message);
    return error;
  }
  assert.fail(`expected ${code}`);
}

before(async () => {
  harness = await DependencyHarness.create();
  Object.assign(process.env, offlineNpmEnv(harness.workDir));
  scriptMarker = path.join(harness.workDir, 'postinstall-ran');
  process.env.PAR_TEST_SCRIPT_MARKER = scriptMarker;
  dependency = await harness.pack({ name: 'par-fixture-dep' });
  scripted = await harness.pack({
    name: 'par-fixture-scripted',
    postinstall: `node -e "require('fs').writeFileSync(process.env.PAR_TEST_SCRIPT_MARKER, 'ran')"`,
  });
  counterFile = path.join(harness.workDir, 'npm-runs');
  countingNpm = await writeCountingNpm(harness.workDir, counterFile);
});

after(async () => {
  await harness.remove();
});

describe('installDependencies', () => {
  it('installs with npm first, then restores from the cache without npm', async () => {
    const cacheDir = await harness.cacheDir();
    const first = await agentPackage();
    const second = await harness.folder('agent-copy');
    await cp(first, second, { recursive: true });
    const runsBefore = (await npmRuns(counterFile)).length;

    const installed = await install(first, cacheDir);
    assert.equal(installed.outcome.action, 'installed');
    assert.equal((await npmRuns(counterFile)).length, runsBefore + 1);
    const [ciArgs] = (await npmRuns(counterFile)).slice(-1);
    assert.match(ciArgs ?? '', /^ci --omit=dev .*--ignore-scripts/);

    const restored = await install(second, cacheDir);
    assert.equal(restored.outcome.action, 'restored');
    assert.equal((await npmRuns(counterFile)).length, runsBefore + 1, 'npm ran again');
    const dependencyFile = path.join(second, 'node_modules/par-fixture-dep/index.js');
    const module = (await import(dependencyFile)) as { greeting: string };
    assert.equal(module.greeting, 'hello from par-fixture-dep');
    assert.deepEqual(await cacheEntries(cacheDir), [
      installed.outcome.action === 'installed' ? installed.outcome.key : '',
    ]);
  });

  it('keeps the same key when only the agent version changes', async () => {
    const cacheDir = await harness.cacheDir();
    const v1 = await agentPackage({ version: '1.0.0' });
    const v2 = await agentPackage({ version: '2.0.0' });
    await install(v1, cacheDir);
    assert.equal((await install(v2, cacheDir)).outcome.action, 'restored');
  });

  it('installs nothing for bundled code, shipped or already installed node_modules', async () => {
    const bundled = await harness.folder('bundled');
    await writeAgentWithDependencies(bundled, { dependencies: [] });
    const none = await install(bundled, undefined);
    assert.deepEqual(none.outcome, {
      action: 'none',
      reason: 'package.json has no dependencies (bundled code)',
    });
    assert.ok(none.records.some((record) => record.msg === 'dependencies: nothing to install'));

    const shipped = await agentPackage();
    await cp(bundled, path.join(shipped, 'node_modules', 'placeholder'), { recursive: true });
    assert.equal((await install(shipped, undefined)).outcome.action, 'none');

    const cacheDir = await harness.cacheDir();
    const again = await agentPackage();
    await install(again, cacheDir);
    const runs = (await npmRuns(counterFile)).length;
    const rerun = await install(again, cacheDir);
    assert.deepEqual(rerun.outcome, {
      action: 'none',
      reason: 'node_modules already installed for this key',
    });
    assert.equal((await npmRuns(counterFile)).length, runs);
  });

  it('installs without PAR_CACHE_DIR, reusing nothing', async () => {
    const root = await agentPackage();
    // npm's default cache would be ~/.npm: point it at the seeded one instead.
    const cacheDir = await harness.cacheDir();
    process.env.npm_config_cache = path.join(cacheDir, 'npm');
    try {
      const { outcome } = await install(root, undefined);
      assert.equal(outcome.action, 'installed');
      await stat(path.join(root, 'node_modules/par-fixture-dep/index.js'));
    } finally {
      delete process.env.npm_config_cache;
    }
  });

  it('detects a damaged entry (a file removed, or the marker gone) and rebuilds it', async () => {
    const cacheDir = await harness.cacheDir();
    const { outcome } = await install(await agentPackage(), cacheDir);
    assert.equal(outcome.action, 'installed');
    const entry = path.join(cacheDir, 'dependencies/entries', outcome.key);

    await unlink(path.join(entry, 'node_modules/par-fixture-dep/index.js'));
    const afterRemoval = await install(await agentPackage(), cacheDir);
    assert.equal(afterRemoval.outcome.action, 'installed', 'a damaged entry was used');
    const warning = afterRemoval.records.find(
      (record) => record.msg === 'dependency cache entry damaged: rebuilding'
    );
    assert.match(String(warning?.reason), /node_modules changed/);
    await stat(path.join(entry, 'node_modules/par-fixture-dep/index.js'));

    await unlink(path.join(entry, 'entry.json'));
    const afterMarker = await install(await agentPackage(), cacheDir);
    assert.equal(afterMarker.outcome.action, 'installed');
    assert.ok(afterMarker.records.some((record) => record.reason === 'marker missing'));
    assert.equal((await install(await agentPackage(), cacheDir)).outcome.action, 'restored');
  });

  it('lets two installs of one key at once both succeed, leaving one entry', async () => {
    const cacheDir = await harness.cacheDir();
    const [a, b] = await Promise.all([agentPackage(), agentPackage()]);
    const results = await Promise.all([install(a, cacheDir), install(b, cacheDir)]);
    for (const { outcome } of results) assert.notEqual(outcome.action, 'none');
    assert.equal((await cacheEntries(cacheDir)).length, 1);
    assert.deepEqual(await stagingLeftovers(cacheDir), []);
    for (const root of [a, b]) await stat(path.join(root, 'node_modules/par-fixture-dep/index.js'));
  });

  it('fails offline with PAR_ERR_INSTALL_OFFLINE_MISSING for an uncached dependency', async () => {
    const cacheDir = await harness.cacheDir({ empty: true });
    const { logger } = capturingLogger();
    const error = await rejectsWith(
      installDependencies({
        root: await agentPackage(),
        scriptsRequested: false,
        settings: settings({ offline: true }),
        cacheDir,
        logger,
      }),
      'PAR_ERR_INSTALL_OFFLINE_MISSING'
    );
    assert.match(error.message, /ENOTCACHED|only-if-cached/);
    assert.deepEqual(await cacheEntries(cacheDir), []);
    assert.deepEqual(await stagingLeftovers(cacheDir), []);
  });

  it('fails with PAR_ERR_INSTALL_LOCKFILE_MISMATCH before running npm', async () => {
    const root = await agentPackage({ packageJsonSpecs: { 'par-fixture-dep': '^2.0.0' } });
    const runs = (await npmRuns(counterFile)).length;
    const error = await rejectsWith(
      install(root, await harness.cacheDir()),
      'PAR_ERR_INSTALL_LOCKFILE_MISMATCH'
    );
    assert.match(error.message, /dependencies\.par-fixture-dep is "\^2\.0\.0" in package\.json/);
    assert.equal((await npmRuns(counterFile)).length, runs);
  });

  it('fails with PAR_ERR_INSTALL_LOCKFILE_MISSING for dependencies without lockfile', async () => {
    const root = await agentPackage({ noLockfile: true });
    await rejectsWith(install(root, await harness.cacheDir()), 'PAR_ERR_INSTALL_LOCKFILE_MISSING');
  });

  it('stops npm after PAR_INSTALL_TIMEOUT_SEC with PAR_ERR_INSTALL_TIMEOUT', async () => {
    const { logger } = capturingLogger();
    await rejectsWith(
      installDependencies({
        root: await agentPackage(),
        scriptsRequested: false,
        settings: settings({ timeoutMs: 1 }),
        cacheDir: await harness.cacheDir(),
        logger,
      }),
      'PAR_ERR_INSTALL_TIMEOUT'
    );
  });
});

describe('install scripts', () => {
  async function scriptedInstall(scriptsRequested: boolean, allowScripts: boolean) {
    await rm(scriptMarker, { force: true });
    const root = await harness.folder('scripted');
    await writeAgentWithDependencies(root, {
      dependencies: [scripted],
      installScripts: scriptsRequested,
    });
    const { logger, records } = capturingLogger();
    const outcome = await installDependencies({
      root,
      scriptsRequested,
      settings: settings({ allowScripts }),
      cacheDir: await harness.cacheDir(),
      logger,
    });
    const ran = await readFile(scriptMarker, 'utf8').then(
      () => true,
      () => false
    );
    return { outcome, records, ran };
  }

  it('never run by default, and the skipped packages are named in a warning', async () => {
    const { outcome, records, ran } = await scriptedInstall(false, true);
    assert.equal(outcome.action, 'installed');
    assert.equal(ran, false);
    const warning = records.find((record) => record.msg === 'dependency install scripts skipped');
    assert.deepEqual(warning?.packages, ['par-fixture-scripted']);
  });

  it('are refused (PAR_ERR_INSTALL_SCRIPTS_REFUSED) when asked for but not allowed', async () => {
    await rejectsWith(scriptedInstall(true, false), 'PAR_ERR_INSTALL_SCRIPTS_REFUSED');
    assert.equal(
      await stat(scriptMarker).then(
        () => true,
        () => false
      ),
      false
    );
  });

  it('run when the package asks and config allows', async () => {
    const { outcome, ran } = await scriptedInstall(true, true);
    assert.equal(outcome.action, 'installed');
    assert.equal(ran, true);
  });
});
