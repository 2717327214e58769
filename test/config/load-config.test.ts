import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadConfig, type ConfigProblem } from '../../src/config/index.js';
import { RuntimeError } from '../../src/errors/index.js';

const required = { AGENT_APP_ID: 'agent-1' };

function load(env: Record<string, string>) {
  return loadConfig({ ...required, ...env }, '/srv');
}

/** The problems a rejected environment reports. */
function problemsOf(env: Record<string, string | undefined>): ConfigProblem[] {
  try {
    loadConfig(env, '/srv');
  } catch (error) {
    assert.ok(error instanceof RuntimeError);
    assert.equal(error.code, 'PAR_ERR_CONFIG_INVALID');
    return error.details?.problems as ConfigProblem[];
  }
  assert.fail('expected the configuration to be rejected');
}

function rejects(env: Record<string, string>, variable: string, pattern?: RegExp): void {
  const problems = problemsOf({ ...required, ...env });
  const problem = problems.find((candidate) => candidate.variable === variable);
  assert.ok(problem, `expected a problem for ${variable}, got ${JSON.stringify(problems)}`);
  if (pattern) assert.match(problem.message, pattern);
}

describe('loadConfig defaults', () => {
  it('applies the documented defaults', () => {
    const { config } = load({});
    assert.equal(config.surfaces.restPort, 8080);
    assert.equal(config.surfaces.a2aPort, 50051);
    assert.equal(config.surfaces.uiPort, 3000);
    assert.equal(config.surfaces.basePath, '/');
    assert.equal(config.surfaces.multiplexed, true);
    assert.equal(config.packageSource.maxPackageBytes, 100 * 1024 * 1024);
    assert.equal(config.boot.budgetMs, 5000);
    assert.equal(config.boot.hardLimitMultiplier, 0);
    assert.equal(config.boot.startupTimeoutMs, 300_000);
    assert.equal(config.boot.failureCount, 0);
    assert.equal(config.shutdown.graceMs, 30_000);
    assert.equal(config.shutdown.drainDelayMs, 0);
    assert.equal(config.logging.level, 'info');
    assert.equal(config.logging.format, 'json');
  });

  it('returns a frozen configuration', () => {
    const { config } = load({});
    assert.ok(Object.isFrozen(config));
    assert.ok(Object.isFrozen(config.surfaces));
    assert.throws(() => {
      (config.surfaces as { restPort: number }).restPort = 1;
    }, TypeError);
  });
});

describe('AGENT_APP_ID', () => {
  it('is required', () => {
    const problems = problemsOf({});
    assert.deepEqual(
      problems.map((problem) => problem.variable),
      ['AGENT_APP_ID']
    );
    assert.match(problems[0]!.message, /expected a non-blank agent id, got nothing \(unset\)/);
  });

  for (const [label, value] of [
    ['empty', ''],
    ['spaces', '   '],
    ['tabs', '\t\t'],
    ['newlines', '\n\n'],
    ['mixed whitespace', ' \t\n '],
  ] as const) {
    it(`refuses ${label}`, () => {
      rejects({ AGENT_APP_ID: value }, 'AGENT_APP_ID', /expected a non-blank agent id/);
    });
  }

  for (const value of [
    'app with spaces',
    '  padded  ',
    'Ünïcødé-агент-🚀',
    'a'.repeat(1000),
    '12345',
    '550e8400-e29b-41d4-a716-446655440000',
    'org/team:agent',
    `=\"'[]{}%&$#@+`,
    'tab\tinside',
  ]) {
    it(`keeps ${JSON.stringify(value.slice(0, 20))} exactly as given`, () => {
      assert.equal(loadConfig({ AGENT_APP_ID: value }).config.agentAppId, value);
    });
  }
});

describe('DEPLOYMENT_ID', () => {
  it('is optional', () => {
    assert.equal(load({}).config.deploymentId, undefined);
  });
  it('is stored when set', () => {
    assert.equal(load({ DEPLOYMENT_ID: 'dep-42' }).config.deploymentId, 'dep-42');
  });
  it('treats blank as unset', () => {
    assert.equal(load({ DEPLOYMENT_ID: '  ' }).config.deploymentId, undefined);
  });
});

describe('ports', () => {
  for (const variable of ['REST_PORT', 'A2A_PORT', 'UI_PORT']) {
    for (const value of ['abc', '0', '-1', '65536', '80.5', '1e3', '', ' ']) {
      it(`${variable} refuses ${JSON.stringify(value)}`, () => {
        rejects({ [variable]: value }, variable, /expected an integer from 1 to 65535, got/);
      });
    }
    for (const value of ['1', '65535', ' 9000 ']) {
      it(`${variable} accepts ${JSON.stringify(value)}`, () => {
        load({ [variable]: value, ...(variable === 'REST_PORT' ? {} : {}) });
      });
    }
  }

  it('accepts custom ports', () => {
    const { surfaces } = load({ REST_PORT: '9000', A2A_PORT: '9001', UI_PORT: '9002' }).config;
    assert.deepEqual([surfaces.restPort, surfaces.a2aPort, surfaces.uiPort], [9000, 9001, 9002]);
  });

  it('refuses REST_PORT equal to A2A_PORT', () => {
    rejects({ REST_PORT: '9000', A2A_PORT: '9000' }, 'A2A_PORT', /different from REST_PORT/);
  });

  it('refuses A2A_PORT equal to UI_PORT', () => {
    rejects({ A2A_PORT: '9000', UI_PORT: '9000' }, 'UI_PORT', /different from A2A_PORT/);
  });

  it('refuses REST_PORT equal to UI_PORT when not multiplexed', () => {
    rejects(
      { REST_PORT: '9000', UI_PORT: '9000', MULTIPLEXED: 'false' },
      'UI_PORT',
      /different from REST_PORT when MULTIPLEXED is false/
    );
  });

  it('allows REST_PORT equal to UI_PORT when multiplexed', () => {
    const { surfaces } = load({ REST_PORT: '9000', UI_PORT: '9000' }).config;
    assert.equal(surfaces.uiPort, 9000);
  });

  it('ignores the A2A port clash when gRPC is disabled', () => {
    load({ REST_PORT: '9000', A2A_PORT: '9000', GRPC_ENABLED: 'false' });
  });
});

describe('MULTIPLEXED', () => {
  for (const [value, expected] of [
    ['true', true],
    ['1', true],
    ['yes', true],
    ['on', true],
    ['TRUE', true],
    [' Yes ', true],
    ['false', false],
    ['0', false],
    ['no', false],
    ['off', false],
    ['False', false],
  ] as const) {
    it(`reads ${JSON.stringify(value)} as ${expected}`, () => {
      assert.equal(load({ MULTIPLEXED: value }).config.surfaces.multiplexed, expected);
    });
  }

  it('refuses anything else instead of guessing', () => {
    rejects({ MULTIPLEXED: 'maybe' }, 'MULTIPLEXED', /one of true, false/);
  });
});

describe('BASE_PATH', () => {
  for (const [value, expected] of [
    ['/', '/'],
    ['', '/'],
    ['/agents/app-1', '/agents/app-1'],
    ['/agents/app-1/', '/agents/app-1'],
    ['agents/app-1', '/agents/app-1'],
    ['  /agents/x  ', '/agents/x'],
    ['/a.b/c_d-e', '/a.b/c_d-e'],
  ] as const) {
    it(`normalises ${JSON.stringify(value)} to ${expected}`, () => {
      assert.equal(load({ BASE_PATH: value }).config.surfaces.basePath, expected);
    });
  }

  for (const value of ['/a//b', '//', '/@#$', '/a b', '/a/../b', '/a/./b', '/ünï', '/a?b']) {
    it(`refuses ${JSON.stringify(value)}`, () => {
      rejects({ BASE_PATH: value }, 'BASE_PATH', /expected a path/);
    });
  }
});

describe('PACKAGE_URL', () => {
  it('accepts https URLs, presigned ones included', () => {
    const url =
      'https://bucket.s3.amazonaws.com/app/pkg.apkg?X-Amz-Signature=abc&X-Amz-Credential=k';
    const source = load({ PACKAGE_URL: url }).config.packageSource.url;
    assert.equal(source?.kind, 'https');
  });

  it('accepts s3://bucket/key and splits it', () => {
    const source = load({ PACKAGE_URL: 's3://pixell-agent-packages/app/package.apkg' }).config
      .packageSource.url;
    assert.deepEqual(source, {
      kind: 's3',
      bucket: 'pixell-agent-packages',
      key: 'app/package.apkg',
    });
  });

  it('matches the scheme in any case and ignores surrounding space', () => {
    assert.equal(
      load({ PACKAGE_URL: '  HTTPS://example.com/p.apkg ' }).config.packageSource.url?.kind,
      'https'
    );
    assert.equal(
      load({ PACKAGE_URL: 'S3://bucket-1/k.apkg' }).config.packageSource.url?.kind,
      's3'
    );
  });

  for (const value of [
    'http://example.com/p.apkg',
    'file:///etc/passwd',
    'data:text/plain,hi',
    'javascript:alert(1)',
    'ftp://example.com/p.apkg',
    'example.com/p.apkg',
    '',
    '   ',
  ]) {
    it(`refuses ${JSON.stringify(value)}`, () => {
      rejects({ PACKAGE_URL: value }, 'PACKAGE_URL', /expected an https:\/\/ or s3:\/\/ URL/);
    });
  }

  for (const value of [
    's3://bucket-only',
    's3:///key',
    's3://Bad_Bucket/key',
    's3://bucket/',
    's3://ab/key',
  ]) {
    it(`refuses the malformed ${value}`, () => {
      rejects({ PACKAGE_URL: value }, 'PACKAGE_URL', /s3:\/\/bucket\/key/);
    });
  }

  for (const value of [
    'HTTP://example.com/p.apkg',
    ' Http://example.com/p.apkg ',
    'FILE:///etc/passwd',
    'DATA:text/plain,hi',
    ' JavaScript:alert(1)',
    'FtP://example.com/p.apkg',
  ]) {
    it(`refuses ${JSON.stringify(value)} whatever the case and spacing`, () => {
      rejects({ PACKAGE_URL: value }, 'PACKAGE_URL', /expected an https:\/\/ or s3:\/\/ URL/);
    });
  }

  it('refuses an https URL without a host', () => {
    rejects({ PACKAGE_URL: 'https://' }, 'PACKAGE_URL', /expected a well-formed https:\/\/ URL/);
  });

  it('refuses credentials in an https URL without echoing them', () => {
    const problems = problemsOf({ ...required, PACKAGE_URL: 'https://me:hunter2@h/p.apkg' });
    assert.match(JSON.stringify(problems), /without user:password@ credentials/);
    assert.doesNotMatch(JSON.stringify(problems), /hunter2/);
  });

  for (const value of ['s3://bucket-1/k.apkg?versionId=3', 's3://bucket-1/k.apkg#x', 's3:/b/k']) {
    it(`refuses the malformed ${value}`, () => {
      rejects({ PACKAGE_URL: value }, 'PACKAGE_URL', /s3:\/\/bucket\/key/);
    });
  }

  it('accepts s3:// in any case with surrounding space and keeps the key exact', () => {
    const source = load({ PACKAGE_URL: '\t S3://bucket-1/Dir/Key.APKG \n' }).config.packageSource
      .url;
    assert.deepEqual(source, { kind: 's3', bucket: 'bucket-1', key: 'Dir/Key.APKG' });
  });

  it('never echoes a query string in its error', () => {
    const problems = problemsOf({
      ...required,
      PACKAGE_URL: 'http://host/p.apkg?X-Amz-Signature=topsecret',
    });
    assert.doesNotMatch(JSON.stringify(problems), /topsecret/);
  });

  it('refuses an s3 URL in another bucket than S3_BUCKET', () => {
    rejects(
      { PACKAGE_URL: 's3://other-bucket/k.apkg', S3_BUCKET: 'pixell-agent-packages' },
      'PACKAGE_URL',
      /bucket "pixell-agent-packages" \(S3_BUCKET\), got bucket "other-bucket"/
    );
  });

  it('accepts an s3 URL in the S3_BUCKET bucket', () => {
    load({ PACKAGE_URL: 's3://pixell-agent-packages/k.apkg', S3_BUCKET: 'pixell-agent-packages' });
  });
});

describe('PACKAGE_SHA256', () => {
  it('accepts 64 hex characters and lower-cases them', () => {
    assert.equal(
      load({ PACKAGE_SHA256: 'A'.repeat(64) }).config.packageSource.sha256,
      'a'.repeat(64)
    );
  });
  for (const value of ['a'.repeat(63), 'a'.repeat(65), 'g'.repeat(64), '']) {
    it(`refuses ${value.length} characters of ${JSON.stringify(value[0] ?? '')}`, () => {
      rejects({ PACKAGE_SHA256: value }, 'PACKAGE_SHA256', /64 hexadecimal characters/);
    });
  }
});

describe('MAX_PACKAGE_SIZE_MB', () => {
  it('converts MiB to bytes', () => {
    assert.equal(
      load({ MAX_PACKAGE_SIZE_MB: '200' }).config.packageSource.maxPackageBytes,
      209_715_200
    );
  });
  for (const value of ['abc', '0', '-1', '1.5']) {
    it(`refuses ${value}`, () => {
      rejects({ MAX_PACKAGE_SIZE_MB: value }, 'MAX_PACKAGE_SIZE_MB', /integer 1 or more/);
    });
  }
  it('warns above 10000 but accepts', () => {
    const { warnings } = load({ MAX_PACKAGE_SIZE_MB: '20000' });
    assert.deepEqual(
      warnings.map((warning) => warning.variable),
      ['MAX_PACKAGE_SIZE_MB']
    );
  });
});

describe('AWS_REGION and S3_BUCKET', () => {
  it('accepts a well-shaped region without warning', () => {
    assert.deepEqual(load({ AWS_REGION: 'us-east-2' }).warnings, []);
  });
  it('stores an odd region and warns', () => {
    const { config, warnings } = load({ AWS_REGION: 'moon-base' });
    assert.equal(config.aws.region, 'moon-base');
    assert.equal(warnings[0]?.variable, 'AWS_REGION');
  });
  it('accepts a valid bucket name', () => {
    assert.equal(
      load({ S3_BUCKET: 'pixell-agent-packages' }).config.aws.s3Bucket,
      'pixell-agent-packages'
    );
  });
  for (const value of ['ab', 'a'.repeat(64), 'My_Bucket', '-bucket', 'bucket-', 'a..b']) {
    it(`refuses the bucket name ${JSON.stringify(value.slice(0, 10))}`, () => {
      rejects({ S3_BUCKET: value }, 'S3_BUCKET', /S3 bucket name/);
    });
  }
  it('refuses an S3_ENDPOINT that is not http(s)', () => {
    rejects({ S3_ENDPOINT: 'ftp://x' }, 'S3_ENDPOINT', /http:\/\/ or https:\/\//);
  });
});

describe('boot and shutdown numbers', () => {
  for (const value of ['-1', '0', 'abc', '']) {
    it(`BOOT_BUDGET_MS refuses ${JSON.stringify(value)}`, () => {
      rejects({ BOOT_BUDGET_MS: value }, 'BOOT_BUDGET_MS', /number greater than 0/);
    });
  }
  it('accepts a fractional budget and a zero multiplier (hard limit off)', () => {
    const { boot } = load({ BOOT_BUDGET_MS: '1500.5', BOOT_HARD_LIMIT_MULTIPLIER: '0' }).config;
    assert.equal(boot.budgetMs, 1500.5);
    assert.equal(boot.hardLimitMultiplier, 0);
  });
  it('refuses a negative multiplier', () => {
    rejects({ BOOT_HARD_LIMIT_MULTIPLIER: '-2' }, 'BOOT_HARD_LIMIT_MULTIPLIER', /at least 0/);
  });
  it('refuses a non-integer BOOT_FAILURE_COUNT instead of crashing', () => {
    rejects({ BOOT_FAILURE_COUNT: 'two' }, 'BOOT_FAILURE_COUNT', /integer 0 or more/);
  });
  it('converts seconds to milliseconds', () => {
    const { config } = load({
      STARTUP_TIMEOUT_SEC: '12',
      GRACEFUL_SHUTDOWN_TIMEOUT_SEC: '42',
      SHUTDOWN_DRAIN_DELAY_SEC: '1.5',
    });
    assert.equal(config.boot.startupTimeoutMs, 12_000);
    assert.equal(config.shutdown.graceMs, 42_000);
    assert.equal(config.shutdown.drainDelayMs, 1500);
  });
  it('refuses a zero startup timeout', () => {
    rejects({ STARTUP_TIMEOUT_SEC: '0' }, 'STARTUP_TIMEOUT_SEC');
  });
});

describe('logging settings', () => {
  it('accepts levels in any case', () => {
    assert.equal(load({ LOG_LEVEL: 'DEBUG' }).config.logging.level, 'debug');
  });
  it('refuses an unknown level and format', () => {
    rejects({ LOG_LEVEL: 'loud' }, 'LOG_LEVEL', /one of trace, debug/);
    rejects({ LOG_FORMAT: 'xml' }, 'LOG_FORMAT', /one of json, pretty/);
  });
});

describe('paths', () => {
  it('resolves relative package, cache and state paths against the working folder', () => {
    const { config } = load({
      AGENT_PACKAGE_PATH: 'pkg',
      PAR_CACHE_DIR: 'cache',
      PAR_STATE_DIR: '/var/par',
    });
    assert.equal(config.packageSource.path, '/srv/pkg');
    assert.equal(config.storage.cacheDir, '/srv/cache');
    assert.equal(config.storage.stateDir, '/var/par');
  });
  it('warns when both a path and a URL are given (the path wins)', () => {
    const { config, warnings } = load({
      AGENT_PACKAGE_PATH: '/p',
      PACKAGE_URL: 'https://h/p.apkg',
    });
    assert.equal(config.packageSource.path, '/p');
    assert.equal(warnings[0]?.variable, 'PACKAGE_URL');
  });
});

describe('several problems', () => {
  it('are reported together, each naming its variable, what was expected and what was got', () => {
    const problems = problemsOf({
      REST_PORT: 'abc',
      BASE_PATH: '//',
      PACKAGE_SHA256: 'xyz',
      MULTIPLEXED: 'perhaps',
    });
    assert.deepEqual(problems.map((problem) => problem.variable).sort(), [
      'AGENT_APP_ID',
      'BASE_PATH',
      'MULTIPLEXED',
      'PACKAGE_SHA256',
      'REST_PORT',
    ]);
    for (const problem of problems) assert.match(problem.message, /^expected .+, got .+/);
    const port = problems.find((problem) => problem.variable === 'REST_PORT');
    assert.equal(port?.message, 'expected an integer from 1 to 65535, got "abc"');
  });
});
