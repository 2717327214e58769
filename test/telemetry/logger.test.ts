import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isSecretKey, redactUrlsInText, redactValue } from '../../src/telemetry/index.js';
import { capturingLogger } from '../helpers/rest-harness.js';

describe('redaction', () => {
  for (const key of [
    'password',
    'PASSWORD',
    'dbPassword',
    'secret',
    'client_secret',
    'token',
    'accessToken',
    'api_key',
    'apiKey',
    'x-api-key',
    'authorization',
    'Authorization',
    'credentials',
    'private_key',
    'aws_secret_access_key',
    'cookie',
  ]) {
    it(`treats ${key} as a secret key`, () => {
      assert.equal(isSecretKey(key), true);
    });
  }

  for (const key of ['agentAppId', 'requestId', 'route', 'statusCode', 'method', 'bucket', 'key']) {
    it(`leaves ${key} alone`, () => {
      assert.equal(isSecretKey(key), false);
    });
  }

  it('masks secret keys at any depth and in arrays', () => {
    const value = redactValue({
      headers: { authorization: 'Bearer abc', accept: 'json' },
      items: [{ token: 't1' }],
      nested: { deeper: { password: 'p' } },
    });
    assert.deepEqual(value, {
      headers: { authorization: '[REDACTED]', accept: 'json' },
      items: [{ token: '[REDACTED]' }],
      nested: { deeper: { password: '[REDACTED]' } },
    });
  });

  it('strips query strings and user info from URLs inside text', () => {
    const text = redactUrlsInText(
      'fetch https://user:pw@bucket.s3.amazonaws.com/a/b.apkg' +
        '?X-Amz-Signature=sig&X-Amz-Credential=c failed'
    );
    assert.equal(text, 'fetch https://bucket.s3.amazonaws.com/a/b.apkg?<redacted> failed');
  });
});

describe('createLogger', () => {
  it('writes secrets nowhere: keys, URLs in fields, and URLs in error messages', () => {
    const { logger, logs } = capturingLogger();
    logger.info(
      {
        url: 'https://h.example/p.apkg?X-Amz-Signature=SIG1',
        headers: { authorization: 'Bearer TOKEN2' },
        apiKey: 'KEY3',
      },
      'something happened'
    );
    logger.error({ err: new Error('GET https://h.example/x?token=TOKEN4 failed') }, 'failed');
    const text = JSON.stringify(logs.records);
    for (const secret of ['SIG1', 'TOKEN2', 'KEY3', 'TOKEN4'])
      assert.doesNotMatch(text, new RegExp(secret));
    assert.match(text, /https:\/\/h.example\/p.apkg\?<redacted>/);
  });

  it('writes one JSON object per line: agentAppId, deploymentId, level, time, msg', async () => {
    const lines: string[] = [];
    const { createLogger } = await import('../../src/telemetry/index.js');
    const { logger } = createLogger({
      level: 'info',
      format: 'json',
      agentAppId: 'app-7',
      deploymentId: 'dep-9',
      destination: { write: (line: string) => lines.push(line) },
    });
    logger.info({ answer: 42 }, 'hello');
    logger.debug({}, 'below the level');
    assert.equal(lines.length, 1);
    const record = JSON.parse(lines[0]!) as Record<string, unknown>;
    assert.equal(record.agentAppId, 'app-7');
    assert.equal(record.deploymentId, 'dep-9');
    assert.equal(record.level, 'info');
    assert.equal(record.msg, 'hello');
    assert.equal(record.answer, 42);
    assert.ok(!Number.isNaN(Date.parse(String(record.time))));
  });

  it('omits deploymentId when it is not set', () => {
    const { logger, logs } = capturingLogger();
    logger.info({}, 'x');
    assert.equal('deploymentId' in (logs.records[0] ?? {}), false);
  });
});
