import { RuntimeError } from '../errors/index.js';
import type { AgentManifest } from './agent-manifest.js';

/**
 * Which language a package is for, read from the raw manifest before any schema check, so a
 * Python package in any of the Kit's layouts (current, early, hand-zipped, the legacy `exports`
 * schema) is recognised as Python and refused as such, not as an invalid manifest.
 */

export type RuntimeFamily = AgentManifest['runtime'];

export function runtimeFamilyOf(data: Readonly<Record<string, unknown>>): RuntimeFamily {
  const runtime = data.runtime;
  if (typeof runtime === 'string') {
    const name = runtime.trim().toLowerCase();
    if (name.startsWith('python')) return 'python';
    // Anything else that is not Go is judged as Node, so the schema reports a misspelt runtime.
    return name.startsWith('go') ? 'other' : 'node';
  }
  if (isRecord(runtime)) {
    if ('python' in runtime) return 'python';
    return 'node' in runtime ? 'node' : 'other';
  }

  // Without `runtime` the Kit defaults to python3.11; the shape of the references decides.
  return referencesOf(data).some(isPythonReference) ? 'python' : 'node';
}

/** Refuses a package this runtime cannot host yet, naming what it is. */
export function assertHostable(manifest: AgentManifest): void {
  if (manifest.runtime === 'node') return;

  const kind = manifest.runtime === 'python' ? 'a Python' : 'an unsupported';
  const written = manifest.runtimeName === undefined ? '' : ` (runtime: ${manifest.runtimeName})`;
  throw new RuntimeError(
    'PAR_ERR_PACKAGE_RUNTIME_UNSUPPORTED',
    `expected a Node agent (runtime: node18, node20 or node22), got ${kind} package${written}; ` +
      'hosting it is not supported yet',
    { details: { runtime: manifest.runtimeName ?? manifest.runtime } }
  );
}

/** `src.main:handler` is Python; JS references contain a slash, a `#` or a JS extension. */
export function isPythonReference(reference: string): boolean {
  const file = reference.split(/[#:]/)[0] ?? '';
  return !reference.includes('/') && !reference.includes('#') && !/\.[cm]?js$/.test(file);
}

function referencesOf(data: Readonly<Record<string, unknown>>): string[] {
  const candidates: unknown[] = [
    data.entrypoint,
    isRecord(data.rest) ? data.rest.entry : undefined,
    isRecord(data.a2a) ? data.a2a.service : undefined,
  ];
  // The legacy schema: `exports: [{ name, type, handler: agent.hello }]`.
  if (Array.isArray(data.exports)) {
    for (const item of data.exports) candidates.push(isRecord(item) ? item.handler : undefined);
  }
  return candidates.filter((value): value is string => typeof value === 'string');
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
