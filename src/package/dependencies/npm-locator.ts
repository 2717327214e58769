/**
 * Which npm PAR runs: PAR_NPM_CLI when set; else the npm installed next to the running node
 * (the layout of Node's own tarballs, Debian's packages and the official images); else the
 * first npm on PATH. A JavaScript npm is run by the running node, so npm and the agent use the
 * same Node version.
 */
import { access, constants, realpath } from 'node:fs/promises';
import path from 'node:path';
import { RuntimeError } from '../../errors/index.js';

/** How to start npm: a program and the arguments that come before npm's own. */
export interface NpmCommand {
  readonly program: string;
  readonly prefixArgs: readonly string[];
  /** Where it was found, for logs. */
  readonly location: string;
}

export async function locateNpm(explicit: string | undefined): Promise<NpmCommand> {
  if (explicit !== undefined) {
    const found = await resolveExecutable(explicit);
    if (found === undefined) {
      throw new RuntimeError(
        'PAR_ERR_INSTALL_FAILED',
        `expected PAR_NPM_CLI to name an npm that exists, got ${explicit}`
      );
    }
    return commandFor(found);
  }

  const candidates = [path.join(path.dirname(process.execPath), 'npm')];
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (dir !== '') candidates.push(path.join(dir, 'npm'));
  }
  for (const candidate of candidates) {
    const found = await resolveExecutable(candidate);
    if (found !== undefined) return commandFor(found);
  }
  throw new RuntimeError(
    'PAR_ERR_INSTALL_FAILED',
    `expected npm next to node (${path.dirname(process.execPath)}) or on PATH, found none; ` +
      'install npm in the image or set PAR_NPM_CLI'
  );
}

async function resolveExecutable(file: string): Promise<string | undefined> {
  try {
    const real = await realpath(file);
    await access(real, isJavaScript(real) ? constants.R_OK : constants.X_OK);
    return real;
  } catch {
    return undefined;
  }
}

function commandFor(file: string): NpmCommand {
  if (isJavaScript(file)) {
    return { program: process.execPath, prefixArgs: [file], location: file };
  }
  return { program: file, prefixArgs: [], location: file };
}

function isJavaScript(file: string): boolean {
  return /\.[cm]?js$/.test(file);
}
