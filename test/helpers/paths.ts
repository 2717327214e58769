import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
/** The built CLI; `npm test` builds before it runs the tests. */
export const parCli = path.join(repoRoot, 'dist/src/cli/main.js');
export const helloAgentDir = path.join(repoRoot, 'examples/hello-agent');
export const fixturesDir = path.join(repoRoot, 'test/fixtures');
