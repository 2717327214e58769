/**
 * Boot failures of a real `par run` child process: the hard limit, the startup deadline and an
 * `init` that never settles each end in one clear error line, the expected backoff and a
 * non-zero exit, and the counter file in PAR_STATE_DIR goes up on each failure and back to 0
 * after a good boot. Backoff waits stay at n = 1 (2 s) so the suite stays fast.
 */
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { bootFailureCounterFile } from '../../src/lifecycle/index.js';
import { recordsWith } from '../helpers/par-logs.js';
import { ParProcess, startPar } from '../helpers/par-process.js';
import { fixturesDir } from '../helpers/paths.js';
import { freePort } from '../helpers/ports.js';

let scratch: string;
before(async () => {
  scratch = await mkdtemp(path.join(tmpdir(), 'par-boot-failures-'));
});
after(() => rm(scratch, { recursive: true, force: true }));

let folders = 0;
/** A fresh state folder, holding `failures` as its counter when given. */
async function stateDir(failures?: number | string): Promise<string> {
  folders += 1;
  const dir = path.join(scratch, `state-${folders}`);
  if (failures !== undefined) {
    const text =
      typeof failures === 'number' ? JSON.stringify({ consecutive_failures: failures }) : failures;
    await mkdir(dir, { recursive: true });
    await writeFile(path.join(dir, bootFailureCounterFile), text);
  }
  return dir;
}

async function storedFailures(dir: string): Promise<Record<string, unknown>> {
  return JSON.parse(await readFile(path.join(dir, bootFailureCounterFile), 'utf8')) as Record<
    string,
    unknown
  >;
}

interface FailedBoot {
  par: ParProcess;
  code: number | null;
  errors: Array<Record<string, unknown>>;
  /** From the error line reaching the test to the exit. */
  errorToExitMs: number;
}

async function failingBoot(fixture: string, env: Record<string, string>): Promise<FailedBoot> {
  const par = new ParProcess({
    args: ['run', path.join(fixturesDir, fixture)],
    env: {
      AGENT_APP_ID: 'test-agent',
      BIND_HOST: '127.0.0.1',
      REST_PORT: `${await freePort()}`,
      ...env,
    },
  });
  try {
    await par.waitForRecord((record) => record.level === 'error', 30_000);
  } catch {
    // Exited before the line arrived; the assertions below say what went wrong.
  }
  const errorSeenAt = Date.now();
  const { code } = await par.exited;
  const errors = par.records().filter((record) => record.level === 'error');
  return { par, code, errors, errorToExitMs: Date.now() - errorSeenAt };
}

/** Exit 1, exactly one error line with `code`, and a 2 s backoff that really happened. */
function assertFailedAfterBackoff(boot: FailedBoot, code: string): Record<string, unknown> {
  const output = boot.par.output();
  assert.equal(boot.code, 1, output);
  assert.equal(boot.errors.length, 1, output);
  const error = boot.errors[0]!;
  assert.equal(error.code, code, output);
  assert.match(String(error.msg), /^boot failed: /);
  const backoff = recordsWith(boot.par, 'backing off before exit');
  assert.equal(backoff[0]?.failure_count, 1, output);
  assert.equal(backoff[0]?.backoff_ms, 2000, output);
  assert.ok(boot.errorToExitMs >= 1900, `exited ${boot.errorToExitMs} ms after the error`);

  return error;
}

describe('a boot failure of a real process', { concurrency: true }, () => {
  it('fails at the hard limit while the slow load still runs, then backs off', async () => {
    const dir = await stateDir(1);
    const boot = await failingBoot('slow-load', {
      SLOW_LOAD_MS: '30000',
      BOOT_BUDGET_MS: '300',
      BOOT_HARD_LIMIT_MULTIPLIER: '2',
      PAR_STATE_DIR: dir,
    });

    const error = assertFailedAfterBackoff(boot, 'PAR_ERR_BOOT_HARD_LIMIT');
    assert.match(String(error.msg), /expected a boot within 600 ms of process start/);
    assert.deepEqual(
      { ...(await storedFailures(dir)), updated_at: 'x' },
      { consecutive_failures: 2, last_failure_code: 'PAR_ERR_BOOT_HARD_LIMIT', updated_at: 'x' }
    );
  });

  it('fails at the startup deadline, taking n from BOOT_FAILURE_COUNT when larger', async () => {
    const dir = await stateDir();
    const boot = await failingBoot('slow-load', {
      SLOW_LOAD_MS: '30000',
      STARTUP_TIMEOUT_SEC: '2',
      BOOT_FAILURE_COUNT: '1',
      PAR_STATE_DIR: dir,
    });

    const error = assertFailedAfterBackoff(boot, 'PAR_ERR_BOOT_TIMEOUT');
    assert.match(String(error.msg), /expected to be ready within 2 s of process start/);
    assert.equal((await storedFailures(dir)).consecutive_failures, 2);
  });

  it('fails at the startup deadline when init never settles, naming the init hook', async () => {
    const dir = await stateDir(1);
    const boot = await failingBoot('init-hangs', { STARTUP_TIMEOUT_SEC: '5', PAR_STATE_DIR: dir });

    const error = assertFailedAfterBackoff(boot, 'PAR_ERR_BOOT_TIMEOUT');
    assert.match(String(error.msg), /still in the load phase \(.*running its init hook\)/);
    assert.equal((await storedFailures(dir)).consecutive_failures, 2);
  });

  it('counts failures up across restarts and resets the count after a good boot', async () => {
    const dir = await stateDir();
    const env = { PAR_STATE_DIR: dir };

    const first = await failingBoot('init-throws', env);
    assert.equal(first.code, 1, first.par.output());
    assert.equal(recordsWith(first.par, 'backing off before exit').length, 0, 'n = 0: no wait');
    assert.equal((await storedFailures(dir)).consecutive_failures, 1);

    const second = await failingBoot('init-throws', env);
    assertFailedAfterBackoff(second, 'PAR_ERR_AGENT_INIT_FAILED');
    assert.equal((await storedFailures(dir)).consecutive_failures, 2);

    const good = await startPar(path.join(fixturesDir, 'rest-agent'), env);
    try {
      assert.equal(recordsWith(good.par, 'runtime starting')[0]?.previous_failures, 2);
      await good.par.waitForRecord(
        (record) => record.msg === 'boot failures recorded' && record.consecutive_failures === 0
      );
      assert.equal((await storedFailures(dir)).consecutive_failures, 0);
    } finally {
      assert.equal((await good.par.stop('SIGTERM')).code, 0);
    }
  });

  it('boots with a warning, counting 0, when the counter file is damaged', async () => {
    const dir = await stateDir('{"consecutive_failures": "many"');
    const good = await startPar(path.join(fixturesDir, 'rest-agent'), { PAR_STATE_DIR: dir });
    try {
      const warning = recordsWith(good.par, 'boot failure counter damaged: counting 0');
      assert.equal(warning.length, 1, good.par.output());
      assert.equal(recordsWith(good.par, 'runtime starting')[0]?.previous_failures, 0);
      await good.par.waitForMessage('boot failures recorded');
      assert.equal((await storedFailures(dir)).consecutive_failures, 0, 'the file was repaired');
    } finally {
      await good.par.stop('SIGTERM');
    }
  });

  it('still fails with one error line when the state folder cannot be written', async () => {
    // A regular file where the folder should be: mkdir fails even for root.
    const blocker = path.join(scratch, 'not-a-folder');
    await writeFile(blocker, 'x');
    const boot = await failingBoot('init-throws', { PAR_STATE_DIR: path.join(blocker, 'state') });

    assert.equal(boot.code, 1, boot.par.output());
    assert.equal(boot.errors.length, 1, boot.par.output());
    assert.equal(boot.errors[0]?.code, 'PAR_ERR_AGENT_INIT_FAILED');
    assert.equal(recordsWith(boot.par, 'boot failure counter not written').length, 1);
  });
});
