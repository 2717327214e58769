import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadArchiveLimits, loadConfig, type ConfigProblem } from '../../src/config/index.js';
import { isRuntimeError } from '../../src/errors/index.js';
import { defaultArchiveLimits } from '../../src/package/index.js';

const mib = 1024 * 1024;

function problemsOf(env: Record<string, string>): ConfigProblem[] {
  try {
    loadConfig({ AGENT_APP_ID: 'a', ...env });
  } catch (error) {
    assert.ok(isRuntimeError(error));
    return error.details?.problems as ConfigProblem[];
  }
  assert.fail('expected the configuration to be rejected');
}

describe('archive limits', () => {
  it('default to the documented values, the same the extractor defaults to', () => {
    const { config } = loadConfig({ AGENT_APP_ID: 'a' });
    assert.deepEqual(config.archive, {
      maxEntries: 20_000,
      maxExtractedBytes: 1024 * mib,
      maxCompressionRatio: 200,
    });
    assert.deepEqual(loadArchiveLimits({}), defaultArchiveLimits);
  });

  it('read MAX_PACKAGE_ENTRIES, MAX_EXTRACTED_SIZE_MB (MiB) and MAX_COMPRESSION_RATIO', () => {
    const env = {
      MAX_PACKAGE_ENTRIES: '10',
      MAX_EXTRACTED_SIZE_MB: '5',
      MAX_COMPRESSION_RATIO: '7',
    };
    const { config } = loadConfig({ AGENT_APP_ID: 'a', ...env });
    assert.deepEqual(config.archive, {
      maxEntries: 10,
      maxExtractedBytes: 5 * mib,
      maxCompressionRatio: 7,
    });
    assert.deepEqual(loadArchiveLimits({ ...env, MAX_PACKAGE_SIZE_MB: '3' }), {
      maxPackageBytes: 3 * mib,
      maxEntries: 10,
      maxExtractedBytes: 5 * mib,
      maxCompressionRatio: 7,
    });
  });

  it('refuses values that are not whole numbers in range, all at once', () => {
    const problems = problemsOf({
      MAX_PACKAGE_ENTRIES: '0',
      MAX_EXTRACTED_SIZE_MB: '1.5',
      MAX_COMPRESSION_RATIO: '10x',
    });
    assert.deepEqual(problems.map((problem) => problem.variable).sort(), [
      'MAX_COMPRESSION_RATIO',
      'MAX_EXTRACTED_SIZE_MB',
      'MAX_PACKAGE_ENTRIES',
    ]);
    assert.throws(() => loadArchiveLimits({ MAX_PACKAGE_ENTRIES: 'many' }), {
      code: 'PAR_ERR_CONFIG_INVALID',
    });
  });
});
