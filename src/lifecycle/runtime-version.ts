import { readFileSync } from 'node:fs';

/**
 * The runtime's own version, from its package.json. Found by walking up from this module so
 * the same code works from `src/` (tests) and from `dist/src/` (the built CLI).
 */
export function readRuntimeVersion(): string {
  for (const relative of ['../../package.json', '../../../package.json']) {
    try {
      const manifest = JSON.parse(readFileSync(new URL(relative, import.meta.url), 'utf8')) as {
        name?: string;
        version?: string;
      };
      if (manifest.name === '@pixell/par' && manifest.version) return manifest.version;
    } catch {
      // Not at this depth; try the next one.
    }
  }
  return '0.0.0';
}
