/**
 * The standalone UI server drains like the REST one: an idle keep-alive connection does not
 * hold the shutdown up, and a download the client stopped reading is cut at the grace period
 * and reported as forced.
 */
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import http from 'node:http';
import { connect } from 'node:net';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { bootRuntime, type RuntimeHarness } from '../../helpers/runtime-harness.js';
import { createUiPackage, type UiPackage } from '../../helpers/ui-package.js';

const bigFileBytes = 64 * 1024 * 1024;

let pkg: UiPackage;
before(async () => {
  pkg = await createUiPackage();
  await writeFile(path.join(pkg.uiDir!, 'big.bin'), Buffer.alloc(bigFileBytes, 7));
});
after(() => pkg.remove());

function uiClosedLine(records: Array<Record<string, unknown>>): Record<string, unknown> {
  const line = records.find((record) => record.msg === 'surface closed' && record.surface === 'ui');
  assert.ok(line, 'expected a "surface closed" line for the ui');
  return line;
}

describe('standalone UI server drain', () => {
  it('closes at once when only an idle keep-alive connection is open', async () => {
    const harness = await bootRuntime(pkg.dir, {
      MULTIPLEXED: 'false',
      GRACEFUL_SHUTDOWN_TIMEOUT_SEC: '20',
    });
    const agent = new http.Agent({ keepAlive: true });
    const status = await new Promise<number | undefined>((resolve, reject) => {
      http
        .get({ host: '127.0.0.1', port: harness.uiPort, path: '/ui/', agent }, (response) => {
          response.resume();
          response.on('end', () => resolve(response.statusCode));
        })
        .on('error', reject);
    });
    assert.equal(status, 200);

    const startedAt = Date.now();
    assert.equal(await harness.stop(), 0);
    const line = uiClosedLine(harness.logs.records);
    assert.equal(line.forced, false);
    assert.ok(Date.now() - startedAt < 10_000, `took ${Date.now() - startedAt} ms`);
    agent.destroy();
  });

  it('cuts a download the client stopped reading at the grace period, as forced', async () => {
    const harness = await bootRuntime(pkg.dir, {
      MULTIPLEXED: 'false',
      GRACEFUL_SHUTDOWN_TIMEOUT_SEC: '1',
    });
    // A client that asks for a big file and never reads: the answer stays in flight.
    const socket = connect({ host: '127.0.0.1', port: harness.uiPort });
    socket.pause();
    socket.on('error', () => undefined);
    socket.write(`GET /ui/big.bin HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`);
    await waitFor(async () => (await uiInFlight(harness)) === 1);

    const startedAt = Date.now();
    assert.equal(await harness.stop(), 0);
    const elapsedMs = Date.now() - startedAt;
    const line = uiClosedLine(harness.logs.records);
    assert.equal(line.inFlight, 1);
    assert.equal(line.forced, true);
    assert.ok(elapsedMs >= 900, `the drain waited only ${elapsedMs} ms`);
    socket.destroy();
  });
});

/** The UI surface's in-flight count, as the runtime's own metrics gauge reports it. */
async function uiInFlight(harness: RuntimeHarness): Promise<number> {
  const text = await harness.runtime.metrics.exposition();
  const line = text
    .split('\n')
    .find((row) => row.startsWith('par_requests_in_flight{surface="ui"}'));
  return Number(line?.split(' ').at(-1) ?? 0);
}

async function waitFor(check: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
