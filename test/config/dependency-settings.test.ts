import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadConfig, loadInstallSettings } from '../../src/config/index.js';
import { RuntimeError } from '../../src/errors/index.js';

describe('dependency settings', () => {
  it('default to scripts refused, online, 300 s and npm found by the runtime', () => {
    const { config } = loadConfig({ AGENT_APP_ID: 'a' }, '/srv');
    assert.deepEqual(config.install, {
      allowScripts: false,
      offline: false,
      timeoutMs: 300_000,
      npmCli: undefined,
    });
  });

  it('read every variable, resolving PAR_NPM_CLI against the working folder', () => {
    const settings = loadInstallSettings(
      {
        PAR_ALLOW_INSTALL_SCRIPTS: 'yes',
        PAR_OFFLINE_INSTALL: 'TRUE',
        PAR_INSTALL_TIMEOUT_SEC: '1.5',
        PAR_NPM_CLI: 'tools/npm-cli.js',
      },
      '/srv'
    );
    assert.deepEqual(settings, {
      allowScripts: true,
      offline: true,
      timeoutMs: 1500,
      npmCli: '/srv/tools/npm-cli.js',
    });
  });

  it('reject a zero timeout and a word that is not a boolean, naming each variable', () => {
    try {
      loadInstallSettings({ PAR_INSTALL_TIMEOUT_SEC: '0', PAR_OFFLINE_INSTALL: 'maybe' });
      assert.fail('expected a rejection');
    } catch (error) {
      assert.ok(error instanceof RuntimeError);
      assert.equal(error.code, 'PAR_ERR_CONFIG_INVALID');
      const variables = (error.details?.problems as Array<{ variable: string }>).map(
        (problem) => problem.variable
      );
      assert.deepEqual(variables.sort(), ['PAR_INSTALL_TIMEOUT_SEC', 'PAR_OFFLINE_INSTALL']);
    }
  });
});
