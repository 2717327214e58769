/** LOG_LEVEL and LOG_FORMAT through the real CLI. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ParProcess } from '../helpers/par-process.js';
import { helloAgentDir } from '../helpers/paths.js';
import { freePorts } from '../helpers/ports.js';

async function runUntilHealthy(env: Record<string, string>): Promise<ParProcess> {
  const [port, a2aPort] = (await freePorts(2)) as [number, number];
  const par = new ParProcess({
    args: ['run', helloAgentDir],
    env: {
      AGENT_APP_ID: 'log-test',
      BIND_HOST: '127.0.0.1',
      REST_PORT: String(port),
      A2A_PORT: String(a2aPort),
      ...env,
    },
  });
  const deadline = Date.now() + 15_000;
  for (;;) {
    const status = await fetch(`http://127.0.0.1:${port}/health`).then(
      (response) => response.status,
      () => 0
    );
    if (status === 200) return par;
    if (Date.now() > deadline || par.child.exitCode !== null) {
      await par.stop('SIGKILL');
      throw new Error(`never became healthy:\n${par.output()}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('log settings', () => {
  it('LOG_LEVEL=warn keeps info lines out', async () => {
    const par = await runUntilHealthy({ LOG_LEVEL: 'warn' });
    assert.equal((await par.stop('SIGTERM')).code, 0);
    assert.equal(par.records().filter((record) => record.level === 'info').length, 0, par.output());
  });

  it('LOG_FORMAT=pretty writes lines for people, not JSON', async () => {
    const par = await runUntilHealthy({ LOG_FORMAT: 'pretty' });
    assert.equal((await par.stop('SIGTERM')).code, 0);
    const text = par.lines.join('\n');
    assert.match(text, /runtime ready/);
    assert.equal(par.records().length, 0, 'expected no JSON lines');
  });
});
