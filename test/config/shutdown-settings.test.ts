import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadConfig } from '../../src/config/index.js';
import { RuntimeError } from '../../src/errors/index.js';

const required = { AGENT_APP_ID: 'agent-1' };

describe('AGENT_SHUTDOWN_TIMEOUT_SEC', () => {
  it('defaults to 10 s, in milliseconds in the resolved configuration', () => {
    assert.equal(loadConfig(required).config.shutdown.agentShutdownTimeoutMs, 10_000);
  });

  it('accepts 0 and fractions of a second', () => {
    const env = (value: string) => ({ ...required, AGENT_SHUTDOWN_TIMEOUT_SEC: value });
    assert.equal(loadConfig(env('0')).config.shutdown.agentShutdownTimeoutMs, 0);
    assert.equal(loadConfig(env('2.5')).config.shutdown.agentShutdownTimeoutMs, 2500);
  });

  for (const value of ['-1', '10s', 'soon']) {
    it(`refuses ${JSON.stringify(value)}, saying what it expected`, () => {
      assert.throws(
        () => loadConfig({ ...required, AGENT_SHUTDOWN_TIMEOUT_SEC: value }),
        (error: unknown) => {
          assert.ok(error instanceof RuntimeError);
          const problems = error.details?.problems as Array<{ variable: string; message: string }>;
          assert.deepEqual(
            problems.map((problem) => problem.variable),
            ['AGENT_SHUTDOWN_TIMEOUT_SEC']
          );
          assert.match(problems[0]!.message, /^expected a number of at least 0, got /);
          return true;
        }
      );
    });
  }
});
