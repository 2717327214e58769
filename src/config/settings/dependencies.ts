import { envValue, flag, numberAbove, presentOrUndefined } from '../env-value.js';

/** Installing an agent's npm dependencies: scripts policy, offline mode, npm itself. */
export const dependencySettings = {
  PAR_ALLOW_INSTALL_SCRIPTS: envValue(
    {
      default: 'false',
      rule: 'boolean; true lets packages asking for it (node.install_scripts) run install scripts',
    },
    flag(false)
  ),
  PAR_OFFLINE_INSTALL: envValue(
    { default: 'false', rule: 'boolean; true fetches nothing from a registry (npm --offline)' },
    flag(false)
  ),
  PAR_INSTALL_TIMEOUT_SEC: envValue(
    { default: '300', rule: 'number greater than 0: how long one npm install may run' },
    numberAbove(0, true, 300)
  ),
  PAR_NPM_CLI: envValue(
    { default: undefined, rule: 'optional path of the npm to run (npm-cli.js or an executable)' },
    presentOrUndefined
  ),
};
