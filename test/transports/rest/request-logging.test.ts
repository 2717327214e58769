/** Request ids and the one log line per request, read back from the real logger's output. */
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fixturesDir } from '../../helpers/paths.js';
import { startRestHarness, type RestHarness } from '../../helpers/rest-harness.js';

describe('request ids and request logs', () => {
  let harness: RestHarness;
  before(async () => {
    harness = await startRestHarness(path.join(fixturesDir, 'rest-agent'));
    harness.lifecycle.transition('READY');
  });
  after(() => harness.close());

  function invoke(headers: Record<string, string> = {}) {
    return fetch(`${harness.baseUrl}/invoke`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ input: { hello: 'there' } }),
    });
  }

  it('keeps a sane incoming x-request-id and echoes it', async () => {
    const response = await invoke({ 'x-request-id': 'abc-123_DEF.4:5' });
    assert.equal(response.headers.get('x-request-id'), 'abc-123_DEF.4:5');
    const body = (await response.json()) as { request_id: string };
    assert.equal(body.request_id, 'abc-123_DEF.4:5');
  });

  for (const [label, value] of [
    ['too long', 'a'.repeat(200)],
    ['with spaces', 'two words'],
    ['with a newline escape', 'id%0Ainjected'],
    ['with quotes', 'x"y'],
  ] as const) {
    it(`replaces an incoming id ${label}`, async () => {
      const response = await invoke({ 'x-request-id': value });
      const echoed = response.headers.get('x-request-id') ?? '';
      assert.notEqual(echoed, value);
      assert.match(echoed, /^[0-9a-f-]{36}$/);
    });
  }

  it('generates an id when none is sent', async () => {
    const response = await invoke();
    assert.match(response.headers.get('x-request-id') ?? '', /^[0-9a-f-]{36}$/);
  });

  it("puts the request id on every line the request causes, the agent's own included", async () => {
    await invoke({ 'x-request-id': 'trace-me-1' });
    const lines = harness.logs.records.filter((record) => record.requestId === 'trace-me-1');
    const messages = lines.map((record) => record.msg);
    assert.ok(messages.includes('fixture invoked'), JSON.stringify(messages));
    assert.ok(messages.includes('request completed'));
    const agentLine = lines.find((record) => record.msg === 'fixture invoked');
    assert.equal(agentLine?.component, 'agent');
  });

  it('logs one line per request with method, route template, status and duration', async () => {
    await fetch(`${harness.baseUrl}/agents/test-agent/health`, {
      headers: { 'x-request-id': 'one-line-1' },
    });
    const lines = harness.logs
      .withMessage('request completed')
      .filter((record) => record.requestId === 'one-line-1');
    assert.equal(lines.length, 1);
    const [line] = lines;
    assert.equal(line?.method, 'GET');
    assert.equal(line?.route, '/agents/:agentId/health');
    assert.equal(line?.statusCode, 200);
    assert.equal(typeof line?.durationMs, 'number');
  });

  it('stamps agentAppId, level and time on every line', () => {
    assert.ok(harness.logs.records.length > 0);
    for (const record of harness.logs.records) {
      assert.equal(record.agentAppId, 'test-agent');
      assert.equal(typeof record.level, 'string');
      assert.equal(typeof record.time, 'string');
      assert.equal(typeof record.msg, 'string');
    }
  });

  it('never logs the query string of a request URL', async () => {
    await fetch(`${harness.baseUrl}/missing?api_key=hunter2`);
    assert.doesNotMatch(JSON.stringify(harness.logs.records), /hunter2/);
  });
});
