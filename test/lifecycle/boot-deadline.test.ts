/**
 * The boot deadlines count from process start, so the limits here are set relative to how
 * long this test process has already been running.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BootClock, startBootDeadline } from '../../src/lifecycle/index.js';

function settings(overrides: Partial<Parameters<typeof startBootDeadline>[0]>) {
  return {
    budgetMs: 5000,
    hardLimitMultiplier: 0,
    startupTimeoutMs: 300_000,
    failureCount: 0,
    ...overrides,
  };
}

describe('startBootDeadline', () => {
  it('fails at once when the startup deadline passed before the runtime code ran', async () => {
    const clock = new BootClock();
    const deadline = startBootDeadline(settings({ startupTimeoutMs: 1 }), clock);
    await assert.rejects(deadline.expired, (error: Error & { code?: string }) => {
      assert.equal(error.code, 'PAR_ERR_BOOT_TIMEOUT');
      assert.match(error.message, /expected to be ready within 0.001 s of process start/);
      return true;
    });
  });

  it('names the phase the boot is stuck in when the startup deadline passes', async () => {
    const clock = new BootClock();
    const deadline = startBootDeadline(
      settings({ startupTimeoutMs: clock.elapsedMs() + 100 }),
      clock
    );
    void clock.phase('install', () => new Promise(() => {}));
    await assert.rejects(
      deadline.expired,
      /still in the install phase \(installing dependencies\)/
    );
  });

  it('fails with PAR_ERR_BOOT_HARD_LIMIT when the hard limit comes first', async () => {
    const clock = new BootClock();
    const boot = settings({ budgetMs: clock.elapsedMs() + 100, hardLimitMultiplier: 1 });
    const deadline = startBootDeadline(boot, clock);
    await assert.rejects(deadline.expired, (error: Error & { code?: string }) => {
      assert.equal(error.code, 'PAR_ERR_BOOT_HARD_LIMIT');
      assert.match(error.message, /BOOT_BUDGET_MS .* x BOOT_HARD_LIMIT_MULTIPLIER 1/);
      return true;
    });
  });

  it('uses the startup deadline when it comes before the hard limit', async () => {
    const clock = new BootClock();
    const boot = settings({
      budgetMs: clock.elapsedMs() + 60_000,
      hardLimitMultiplier: 2,
      startupTimeoutMs: clock.elapsedMs() + 50,
    });
    await assert.rejects(startBootDeadline(boot, clock).expired, { code: 'PAR_ERR_BOOT_TIMEOUT' });
  });
});

describe('BootClock', () => {
  it('records the time before it was created as the startup phase, from process start', () => {
    const clock = new BootClock();
    const { phases_ms: phases, total_ms: total } = clock.stats();
    assert.equal(total, null);
    assert.ok(phases.startup! > 0);
    assert.ok(phases.startup! <= performance.now());
    assert.ok(Math.abs(process.uptime() * 1000 - performance.now()) < 1000, 'same origin');
  });

  it('knows the phase running and forgets it once the phase ends', async () => {
    const clock = new BootClock();
    await clock.phase('manifest', () => assert.equal(clock.currentPhase(), 'manifest'));
    assert.equal(clock.currentPhase(), undefined);
    assert.equal(typeof clock.stats().phases_ms.manifest, 'number');
  });
});
