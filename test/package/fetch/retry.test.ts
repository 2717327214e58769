/** The backoff schedule: exponential, jittered within bounds, capped. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { RuntimeError } from '../../../src/errors/index.js';
import { retryTransient } from '../../../src/package/fetch/retry.js';
import { TransientFault } from '../../../src/package/fetch/transient-fault.js';
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

describe('retryTransient', () => {
  const fail = (message: string) => () => Promise.reject(new TransientFault(message));

  it('returns the first success, after transient faults', async () => {
    let calls = 0;
    const result = await retryTransient({
      target: 'the package',
      deadlineMs: 10_000,
      attempt: () => (++calls < 3 ? fail('HTTP 503')() : Promise.resolve('done')),
      random: () => 0,
    });
    assert.equal(result, 'done');
    assert.equal(calls, 3);
  });

  it('throws anything but a TransientFault at once', async () => {
    let calls = 0;
    const refused = new RuntimeError('PAR_ERR_PACKAGE_DOWNLOAD_REFUSED', 'HTTP 403');
    await assert.rejects(
      retryTransient({
        target: 'the package',
        deadlineMs: 10_000,
        attempt: () => {
          calls += 1;
          return Promise.reject(refused);
        },
      }),
      refused
    );
    assert.equal(calls, 1);
  });

  it('fails with DOWNLOAD_FAILED when the next wait would not fit in the deadline', async () => {
    const retries: number[] = [];
    const startedAt = performance.now();
    await assert.rejects(
      retryTransient({
        target: 'https://h/p.apkg',
        deadlineMs: 1000,
        attempt: fail('HTTP 503'),
        onRetry: (info) => retries.push(info.delayMs),
      }),
      (error: RuntimeError) => {
        assert.equal(error.code, 'PAR_ERR_PACKAGE_DOWNLOAD_FAILED');
        assert.match(error.message, /within 1 s .* failed attempt\(s\) .*last fault: HTTP 503/);
        return true;
      }
    );
    assert.ok(retries.length >= 2, 'it retried before giving up');
    assert.ok(performance.now() - startedAt < 1500, 'it gave up before the deadline');
  });

  it('fails with DOWNLOAD_TIMEOUT when the deadline passes mid-attempt', async () => {
    await assert.rejects(
      retryTransient({
        target: 'https://h/p.apkg',
        deadlineMs: 300,
        attempt: (_attempt, signal) =>
          new Promise((_resolve, reject) =>
            signal.addEventListener('abort', () => reject(signal.reason as Error))
          ),
      }),
      { code: 'PAR_ERR_PACKAGE_DOWNLOAD_TIMEOUT' }
    );
  });

  it("rethrows the caller's cancel reason", async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error('stopping')), 50);
    await assert.rejects(
      retryTransient({
        target: 'the package',
        deadlineMs: 10_000,
        signal: controller.signal,
        attempt: fail('reset'),
      }),
      { message: 'stopping' }
    );
  });
});
