/**
 * End to end: the built `par run` as a real child process serving the example agent over a
 * real socket, then stopped by a real signal.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ParProcess, startPar, type StartedPar } from '../helpers/par-process.js';
import { helloAgentDir } from '../helpers/paths.js';

describe('par run with the example agent', () => {
  let started: StartedPar;

  before(async () => {
    started = await startPar(helloAgentDir);
  });
  after(async () => {
    await started.par.stop('SIGKILL');
  });

  it('becomes ready and answers /health with 200', async () => {
    const response = await fetch(`${started.baseUrl}/health`);
    assert.equal(response.status, 200);
    const body = (await response.json()) as { ok: boolean; surfaces: { rest: boolean } };
    assert.equal(body.ok, true);
    assert.equal(body.surfaces.rest, true);
  });

  it('invokes the entrypoint over POST /invoke', async () => {
    const response = await fetch(`${started.baseUrl}/invoke`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ input: { message: 'hello' } }),
    });
    assert.equal(response.status, 200);
    const body = (await response.json()) as { output: { echo: string }; request_id: string };
    assert.equal(body.output.echo, 'hello');
    assert.equal(typeof body.request_id, 'string');
  });

  it("serves the agent's own route /api/ping", async () => {
    const response = await fetch(`${started.baseUrl}/api/ping`);
    assert.equal(response.status, 200);
    assert.equal(((await response.json()) as { pong: boolean }).pong, true);
  });

  it('exits 0 after SIGTERM, logging the shutdown steps', async () => {
    const result = await started.par.stop('SIGTERM');
    assert.equal(result.code, 0, started.par.output());
    const steps = started.par
      .records()
      .filter((record) => record.msg === 'shutdown step completed');
    assert.deepEqual(
      steps.map((record) => record.step),
      ['mark-draining', 'drain-delay', 'close-surfaces', 'agent-shutdown', 'cleanup', 'flush-logs']
    );
  });
});

describe('par run without AGENT_APP_ID', () => {
  it('exits 1 at once with a message that names the variable', async () => {
    const par = new ParProcess({ args: ['run', helloAgentDir] });
    const result = await par.exited;
    assert.equal(result.code, 1);
    assert.match(par.stderr.join('\n'), /AGENT_APP_ID: expected a non-blank agent id/);
    const record = par.records().find((line) => line.code === 'PAR_ERR_CONFIG_INVALID');
    assert.ok(record, par.output());
  });
});
