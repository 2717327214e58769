/** The backoff schedule: exponential, jittered within bounds, capped. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  backoffDelayMs,
  retryBaseDelayMs,
  retryMaxDelayMs,
} from '../../../src/package/fetch/index.js';

describe('backoffDelayMs', () => {
  it('doubles the step each attempt, with half of it left to chance', () => {
    for (let attempt = 1; attempt <= 4; attempt += 1) {
      const step = retryBaseDelayMs * 2 ** (attempt - 1);
      assert.equal(
        backoffDelayMs(attempt, () => 0),
        step / 2
      );
      assert.equal(
        backoffDelayMs(attempt, () => 0.999999),
        step
      );
    }
  });

  it('never waits longer than the cap, however many attempts failed', () => {
    assert.equal(
      backoffDelayMs(40, () => 0.999999),
      retryMaxDelayMs
    );
    assert.equal(
      backoffDelayMs(40, () => 0),
      retryMaxDelayMs / 2
    );
  });

  it('spreads retries out: random draws give different waits', () => {
    const waits = new Set(Array.from({ length: 20 }, () => backoffDelayMs(3)));
    assert.ok(waits.size > 1);
  });
});
