/**
 * Builds agent packages with a UI in a scratch folder, with everything the UI tests need on
 * disk: fingerprinted and plain assets, precompressed siblings whose content differs (to prove
 * which file went out), dotfiles, and symlinks that point inside and outside the UI folder.
 */
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { brotliCompressSync, gzipSync } from 'node:zlib';

/** Text that lives outside the UI folder: no response may ever contain it. */
export const secretMarker = 'TOP-SECRET-OUTSIDE-THE-UI';

export interface UiPackageOptions {
  /** No entrypoint: a package that only has a UI. */
  uiOnly?: boolean;
  /** `ui.path` in agent.yaml. @default 'ui' */
  uiPath?: string;
  /** Where the UI files are written, relative to the package. @default uiPath */
  uiFolder?: string | null;
  /** Leave index.html out. */
  omitIndex?: boolean;
}

export interface UiPackage {
  /** The package folder (holds agent.yaml). */
  dir: string;
  /** The folder the UI files were written to. */
  uiDir: string | undefined;
  remove(): Promise<void>;
}

/** A stylesheet big enough to be compressed on the fly (over the 1 KiB threshold). */
export const styleCss = `body { color: #123456; }\n${'.row { margin: 0 0 1rem 0; }\n'.repeat(80)}`;
export const indexHtml =
  '<!doctype html><html><head><meta charset="utf-8"><title>UI fixture</title>' +
  '<link rel="stylesheet" href="style.css"><script src="app.3f9a1c2b.js"></script>' +
  '</head><body><h1>UI fixture</h1></body></html>';
export const appJs = `window.fixture = ${JSON.stringify('x'.repeat(1500))};\n`;
/** The plain, brotli and gzip variants of one fingerprinted file, each saying which it is. */
export const bundleVariants = {
  plain: `console.log("plain variant");${' '.repeat(2000)}\n`,
  br: `console.log("precompressed br variant");\n`,
  gz: `console.log("precompressed gzip variant");\n`,
};

/** Writes a package with a UI (or, with `uiFolder: null`, a `ui:` block and no folder). */
export async function createUiPackage(options: UiPackageOptions = {}): Promise<UiPackage> {
  const scratch = await mkdtemp(path.join(tmpdir(), 'par-ui-package-'));
  const dir = path.join(scratch, 'package');
  const outside = path.join(scratch, 'outside');
  const uiPath = options.uiPath ?? 'ui';
  await mkdir(dir, { recursive: true });
  await mkdir(outside, { recursive: true });
  await writeFile(path.join(outside, 'secret.txt'), `${secretMarker}\n`);
  await writeFile(path.join(dir, 'secret.txt'), `${secretMarker}\n`);
  await writeFile(path.join(dir, 'agent.yaml'), manifest(uiPath, options.uiOnly === true));
  await writeFile(path.join(dir, 'package.json'), '{ "type": "module", "private": true }\n');
  await writeFile(path.join(dir, 'agent.js'), agentSource);

  const folder = options.uiFolder === null ? undefined : (options.uiFolder ?? uiPath);
  const uiDir = folder === undefined ? undefined : path.join(dir, folder);
  if (uiDir !== undefined) await writeUiFiles(uiDir, outside, options);

  return { dir, uiDir, remove: () => rm(scratch, { recursive: true, force: true }) };
}

async function writeUiFiles(uiDir: string, outside: string, options: UiPackageOptions) {
  await mkdir(path.join(uiDir, 'assets'), { recursive: true });
  await mkdir(path.join(uiDir, '.git'), { recursive: true });
  const files: Record<string, string | Buffer> = {
    'style.css': styleCss,
    'app.3f9a1c2b.js': appJs,
    'logo.svg': '<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1"></svg>',
    'data.json': '{"fixture":true}',
    'assets/chunk-0a1b2c3d4e.css': styleCss,
    'bundle.0a1b2c3d.js': bundleVariants.plain,
    'bundle.0a1b2c3d.js.br': brotliCompressSync(bundleVariants.br),
    'bundle.0a1b2c3d.js.gz': gzipSync(bundleVariants.gz),
    'leaky.js': 'console.log("leaky plain");\n',
    '.env': `API_KEY=${secretMarker}\n`,
    '.git/config': `[core]\n# ${secretMarker}\n`,
  };
  if (options.omitIndex !== true) files['index.html'] = indexHtml;
  for (const [name, content] of Object.entries(files)) {
    await writeFile(path.join(uiDir, name), content);
  }

  // Symlinks: one inside the folder (allowed), and three leading outside it (refused).
  await symlink('app.3f9a1c2b.js', path.join(uiDir, 'alias.js'));
  await symlink(path.join(outside, 'secret.txt'), path.join(uiDir, 'escape.txt'));
  await symlink(outside, path.join(uiDir, 'linked-dir'));
  await symlink(path.join(outside, 'secret.txt'), path.join(uiDir, 'leaky.js.br'));
}

function manifest(uiPath: string, uiOnly: boolean): string {
  return [
    'name: ui-agent',
    'runtime: node20',
    ...(uiOnly ? [] : ['entrypoint: agent.js']),
    'ui:',
    `  path: ${uiPath}`,
    'metadata:',
    '  version: 2.0.0',
    '',
  ].join('\n');
}

const agentSource = `export default {
  invoke(input) {
    return { echo: input };
  },
};
`;
