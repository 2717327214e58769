/** PACKAGE_FETCH_TIMEOUT_SEC, PACKAGE_STALL_TIMEOUT_SEC and S3_CHECKSUM_MODE. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadConfig } from '../../src/config/index.js';
import { RuntimeError } from '../../src/errors/index.js';

const required = { AGENT_APP_ID: 'agent-1' };

function problemsOf(env: Record<string, string>): Array<{ variable: string; message: string }> {
  try {
    loadConfig({ ...required, ...env });
  } catch (error) {
    assert.ok(error instanceof RuntimeError);
    return error.details?.problems as Array<{ variable: string; message: string }>;
  }
  return [];
}

describe('package download settings', () => {
  it('default to a 120 s deadline, a 30 s stall and the SDK checksum default', () => {
    const { config } = loadConfig(required);
    assert.deepEqual(config.packageFetch, { timeoutMs: 120_000, stallTimeoutMs: 30_000 });
    assert.equal(config.aws.s3ChecksumMode, 'when_supported');
  });

  it('take seconds, fractions included, and resolve them to milliseconds', () => {
    const { config } = loadConfig({
      ...required,
      PACKAGE_FETCH_TIMEOUT_SEC: '600',
      PACKAGE_STALL_TIMEOUT_SEC: '2.5',
      S3_CHECKSUM_MODE: ' WHEN_REQUIRED ',
    });
    assert.deepEqual(config.packageFetch, { timeoutMs: 600_000, stallTimeoutMs: 2500 });
    assert.equal(config.aws.s3ChecksumMode, 'when_required');
  });

  for (const variable of ['PACKAGE_FETCH_TIMEOUT_SEC', 'PACKAGE_STALL_TIMEOUT_SEC']) {
    for (const value of ['0', '-5', '30s']) {
      it(`refuses ${variable}=${JSON.stringify(value)}`, () => {
        const problems = problemsOf({ [variable]: value });
        assert.deepEqual(
          problems.map((problem) => problem.variable),
          [variable]
        );
        assert.match(problems[0]!.message, /^expected a number greater than 0, got /);
      });
    }
  }

  it('refuses an S3_CHECKSUM_MODE it does not know', () => {
    const problems = problemsOf({ S3_CHECKSUM_MODE: 'never' });
    assert.match(problems[0]!.message, /expected one of when_supported, when_required/);
  });
});
