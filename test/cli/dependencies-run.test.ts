/**
 * `par run` on packages with npm dependencies: the first boot installs them, later boots
 * restore them from PAR_CACHE_DIR without npm, the agent really imports them, concurrent boots
 * share one entry, and install failures are clear boot failures with their codes.
 */
import assert from 'node:assert/strict';
import { cp } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { DependencyHarness, cacheEntries } from '../helpers/dependency-harness.js';
import {
  npmRuns,
  offlineNpmEnv,
  writeAgentWithDependencies,
  writeCountingNpm,
  type PackedDependency,
} from '../helpers/npm-fixtures.js';
import { ParProcess, startPar, type StartedPar } from '../helpers/par-process.js';
import { freePort } from '../helpers/ports.js';

let harness: DependencyHarness;
let dependency: PackedDependency;
let counterFile: string;
let countingNpm: string;
const running: StartedPar[] = [];

before(async () => {
  harness = await DependencyHarness.create();
  dependency = await harness.pack({ name: 'par-fixture-dep' });
  counterFile = path.join(harness.workDir, 'npm-runs');
  countingNpm = await writeCountingNpm(harness.workDir, counterFile);
});

after(async () => {
  await Promise.all(running.map((started) => started.par.stop('SIGKILL')));
  await harness.remove();
});

function parEnv(cacheDir: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    PAR_CACHE_DIR: cacheDir,
    PAR_NPM_CLI: countingNpm,
    ...offlineNpmEnv(harness.workDir),
    ...extra,
  };
}

async function agentPackage(): Promise<string> {
  const dir = await harness.folder('agent');
  await writeAgentWithDependencies(dir, { dependencies: [dependency] });
  return dir;
}

async function invokeGreeting(started: StartedPar): Promise<unknown> {
  const response = await fetch(`${started.baseUrl}/invoke`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ input: {} }),
  });
  assert.equal(response.status, 200);
  return ((await response.json()) as { output: { greeting: unknown } }).output.greeting;
}

async function boot(packagePath: string, env: Record<string, string>): Promise<StartedPar> {
  const started = await startPar(packagePath, env);
  running.push(started);
  return started;
}

function readyRecord(started: StartedPar): Record<string, unknown> | undefined {
  return started.par.records().find((record) => record.msg === 'runtime ready');
}

describe('par run with npm dependencies', () => {
  it('installs on the first boot, reuses the cache without npm next, and imports it', async () => {
    const cacheDir = await harness.cacheDir();
    const first = await agentPackage();
    const second = await harness.folder('agent-copy');
    await cp(first, second, { recursive: true });
    const runsBefore = (await npmRuns(counterFile)).length;

    const one = await boot(first, parEnv(cacheDir));
    assert.equal(await invokeGreeting(one), 'hello from par-fixture-dep');
    assert.equal((await npmRuns(counterFile)).length, runsBefore + 1);
    const phases = readyRecord(one)?.phases_ms as Record<string, number>;
    assert.equal(typeof phases.install, 'number');
    await one.par.stop();

    const two = await boot(second, parEnv(cacheDir));
    assert.equal(await invokeGreeting(two), 'hello from par-fixture-dep');
    assert.equal((await npmRuns(counterFile)).length, runsBefore + 1, 'npm ran on the second boot');
    assert.ok(
      two.par.records().some((record) => record.msg === 'dependencies restored from cache'),
      two.par.output()
    );
    const meta = (await (await fetch(`${two.baseUrl}/meta`)).json()) as {
      boot_stats: { phases_ms: Record<string, number> };
    };
    assert.equal(typeof meta.boot_stats.phases_ms.install, 'number');
    await two.par.stop();
  });

  it('lets two runtimes booting at once on one cache both succeed with one entry', async () => {
    const cacheDir = await harness.cacheDir();
    const [a, b] = await Promise.all([agentPackage(), agentPackage()]);
    const both = await Promise.all([boot(a, parEnv(cacheDir)), boot(b, parEnv(cacheDir))]);
    for (const started of both) {
      assert.equal(await invokeGreeting(started), 'hello from par-fixture-dep');
    }
    assert.equal((await cacheEntries(cacheDir)).length, 1);
    await Promise.all(both.map((started) => started.par.stop()));
  });

  for (const [name, code, prepare] of [
    [
      'offline with a dependency in no cache',
      'PAR_ERR_INSTALL_OFFLINE_MISSING',
      async () => ({
        root: await agentPackage(),
        env: parEnv(await harness.cacheDir({ empty: true }), { PAR_OFFLINE_INSTALL: 'true' }),
      }),
    ],
    [
      'a lockfile that does not match package.json',
      'PAR_ERR_INSTALL_LOCKFILE_MISMATCH',
      async () => {
        const root = await harness.folder('mismatch');
        await writeAgentWithDependencies(root, {
          dependencies: [dependency],
          packageJsonSpecs: { 'par-fixture-dep': '^2.0.0' },
        });
        return { root, env: parEnv(await harness.cacheDir()) };
      },
    ],
  ] as const) {
    it(`fails the boot with ${code} for ${name}`, async () => {
      const { root, env } = await prepare();
      const par = new ParProcess({
        args: ['run', root],
        env: {
          AGENT_APP_ID: 'test-agent',
          BIND_HOST: '127.0.0.1',
          REST_PORT: String(await freePort()),
          GRPC_ENABLED: 'false',
          ...env,
        },
      });
      const result = await par.exited;
      assert.equal(result.code, 1, par.output());
      const errors = par.records().filter((record) => record.level === 'error');
      assert.equal(errors.length, 1, par.output());
      assert.equal(errors[0]?.code, code);
      assert.match(String(errors[0]?.msg), /^boot failed: expected /);
    });
  }
});
