import { parseArgs } from 'node:util';
import { runRuntime } from '../../lifecycle/index.js';
import type { Command } from '../command.js';

export const runCommand: Command = {
  name: 'run',
  summary: 'Run an agent package and serve it until SIGTERM or SIGINT',
  help: `Usage: par run [PATH]

Runs one agent package and serves it on its surfaces until SIGTERM or SIGINT.

Arguments:
  PATH    an extracted package folder (or .apkg file); overrides AGENT_PACKAGE_PATH.
          Without it, AGENT_PACKAGE_PATH or PACKAGE_URL names the package.

Configuration comes from the environment; AGENT_APP_ID is required.
See docs/configuration.md for every variable.

Exit codes: 0 stopped cleanly, 1 invalid configuration or failed boot,
130 a second stop signal cut the drain short.
`,
  async run(args) {
    const { positionals } = parseArgs({ args, allowPositionals: true, options: {} });
    if (positionals.length > 1) {
      process.stderr.write(`par run: expected at most one PATH, got ${positionals.length}\n`);
      return 2;
    }
    await runRuntime({ env: process.env, packagePath: positionals[0] });
    return undefined;
  },
};
