/** Where the benchmarks find the runtime, the baseline and the example agent. */
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** The built `par` CLI (`npm run bench` builds first). */
export const parCli = path.join(repoRoot, 'dist/src/cli/main.js');

export const bareServer = path.join(repoRoot, 'bench/baselines/bare-server.js');

/** The example agent as an extracted folder. */
export const helloAgentDir = path.join(repoRoot, 'examples/hello-agent');
