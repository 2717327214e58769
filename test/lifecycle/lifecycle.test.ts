import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Lifecycle, bootBackoffMs } from '../../src/lifecycle/index.js';
import { capturingLogger } from '../helpers/rest-harness.js';

describe('Lifecycle', () => {
  it('starts in STARTING, not ready', () => {
    const lifecycle = new Lifecycle(capturingLogger().logger);
    assert.equal(lifecycle.state, 'STARTING');
    assert.equal(lifecycle.ready, false);
  });

  it('is ready only in READY and logs every transition once', () => {
    const { logger, logs } = capturingLogger();
    const lifecycle = new Lifecycle(logger);
    const seen: string[] = [];
    lifecycle.onStateChange((state) => seen.push(state));
    lifecycle.transition('READY');
    assert.equal(lifecycle.ready, true);
    lifecycle.transition('DRAINING');
    assert.equal(lifecycle.ready, false);
    lifecycle.transition('STOPPED');
    assert.deepEqual(seen, ['READY', 'DRAINING', 'STOPPED']);
    const changes = logs.withMessage('lifecycle state changed');
    assert.deepEqual(
      changes.map((record) => `${String(record.from)}>${String(record.to)}`),
      ['STARTING>READY', 'READY>DRAINING', 'DRAINING>STOPPED']
    );
  });

  it('refuses transitions the state machine does not allow', () => {
    const lifecycle = new Lifecycle(capturingLogger().logger);
    assert.throws(
      () => lifecycle.transition('STOPPED'),
      /Bug: lifecycle cannot go from STARTING to STOPPED/
    );
    lifecycle.transition('FAILED');
    assert.throws(() => lifecycle.transition('READY'), /cannot go from FAILED to READY/);
  });

  it('treats a transition to the current state as nothing happening', () => {
    const { logger, logs } = capturingLogger();
    const lifecycle = new Lifecycle(logger);
    lifecycle.transition('STARTING');
    assert.equal(logs.records.length, 0);
  });

  it('stops notifying a listener once it unsubscribes', () => {
    const lifecycle = new Lifecycle(capturingLogger().logger);
    const seen: string[] = [];
    const stop = lifecycle.onStateChange((state) => seen.push(state));
    stop();
    lifecycle.transition('READY');
    assert.deepEqual(seen, []);
  });
});

describe('bootBackoffMs', () => {
  it('waits nothing on the first failure and min(60, 2^n) seconds after n failures', () => {
    const waits = [0, 1, 2, 3, 4, 5, 6, 7, 10, 100].map((n) => bootBackoffMs(n) / 1000);
    assert.deepEqual(waits, [0, 2, 4, 8, 16, 32, 60, 60, 60, 60]);
  });
});
