/** Boot failures through the real CLI: one clear error line with a code, then a non-zero exit. */
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import path from 'node:path';
import { describe, it } from 'node:test';
import { ParProcess } from '../helpers/par-process.js';
import { fixturesDir, helloAgentDir } from '../helpers/paths.js';
import { freePort } from '../helpers/ports.js';

async function bootFailure(args: string[], env: Record<string, string> = {}) {
  const par = new ParProcess({
    args,
    env: {
      AGENT_APP_ID: 'test-agent',
      BIND_HOST: '127.0.0.1',
      REST_PORT: String(await freePort()),
      ...env,
    },
  });
  const result = await par.exited;
  const errors = par.records().filter((record) => record.level === 'error');
  return { par, result, errors };
}

describe('a boot failure', () => {
  for (const [fixture, code] of [
    ['broken-import', 'PAR_ERR_AGENT_IMPORT_FAILED'],
    ['missing-export', 'PAR_ERR_AGENT_EXPORT_MISSING'],
    ['init-throws', 'PAR_ERR_AGENT_INIT_FAILED'],
    ['does-not-exist', 'PAR_ERR_PACKAGE_NOT_FOUND'],
  ] as const) {
    it(`exits 1 with one ${code} error line for ${fixture}`, async () => {
      const { par, result, errors } = await bootFailure(['run', path.join(fixturesDir, fixture)]);
      assert.equal(result.code, 1, par.output());
      assert.equal(errors.length, 1, par.output());
      assert.equal(errors[0]?.code, code);
      assert.match(String(errors[0]?.msg), /^boot failed: /);
    });
  }

  it('exits 1 with PAR_ERR_SERVE_PORT_IN_USE when the REST port is taken', async () => {
    const blocker = createServer();
    const port = await freePort();
    await new Promise<void>((resolve) => blocker.listen(port, '127.0.0.1', resolve));
    try {
      const { par, result, errors } = await bootFailure(['run', helloAgentDir], {
        REST_PORT: String(port),
      });
      assert.equal(result.code, 1, par.output());
      assert.equal(errors[0]?.code, 'PAR_ERR_SERVE_PORT_IN_USE');
    } finally {
      blocker.close();
    }
  });

  it('waits min(60, 2^n) seconds before exiting when BOOT_FAILURE_COUNT is n', async () => {
    const startedAt = Date.now();
    const { par, result } = await bootFailure(['run', path.join(fixturesDir, 'init-throws')], {
      BOOT_FAILURE_COUNT: '1',
    });
    assert.equal(result.code, 1);
    const backoff = par.records().find((record) => record.msg === 'backing off before exit');
    assert.equal(backoff?.backoff_ms, 2000);
    assert.ok(Date.now() - startedAt >= 2000, 'exited before the backoff ended');
  });

  it('exits at once, without backoff, when BOOT_FAILURE_COUNT is 0', async () => {
    const { par } = await bootFailure(['run', path.join(fixturesDir, 'init-throws')]);
    assert.equal(
      par.records().some((record) => record.msg === 'backing off before exit'),
      false
    );
  });

  it('refuses a second positional argument with a usage error', async () => {
    const par = new ParProcess({ args: ['run', 'a', 'b'], env: { AGENT_APP_ID: 'x' } });
    assert.equal((await par.exited).code, 2);
  });
});

describe('par --help', () => {
  for (const args of [['--help'], ['run', '--help']]) {
    it(`prints usage for ${args.join(' ')}`, async () => {
      const par = new ParProcess({ args });
      assert.equal((await par.exited).code, 0);
      assert.match(par.lines.join('\n'), /Usage: par/);
    });
  }
});
