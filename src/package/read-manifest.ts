import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseDocument } from 'yaml';
import { RuntimeError } from '../errors/index.js';
import type { AgentManifest } from './agent-manifest.js';
import { manifestSchema, type RawManifest } from './manifest-schema.js';

export const manifestFileName = 'agent.yaml';
const fullSemver = /^\d+\.\d+\.\d+([-+].*)?$/;

export interface ManifestProblem {
  /** Dotted path inside agent.yaml, e.g. `rest.entry`; '' for the document itself. */
  path: string;
  message: string;
}

/** Reads and validates `<root>/agent.yaml`, reporting every problem at once with its path. */
export async function readManifest(root: string): Promise<AgentManifest> {
  const file = path.join(root, manifestFileName);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new RuntimeError('PAR_ERR_MANIFEST_MISSING', `expected ${file} to exist`, {
      cause: error,
    });
  }
  return parseManifest(text);
}

export function parseManifest(text: string): AgentManifest {
  // The yaml library's core schema builds plain data only: no custom tags, no code.
  const document = parseDocument(text, { schema: 'core', uniqueKeys: true, prettyErrors: false });
  if (document.errors.length > 0) {
    throw manifestInvalid(document.errors.map((error) => ({ path: '', message: error.message })));
  }
  const data: unknown = document.toJS({ maxAliasCount: 100 });
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    throw manifestInvalid([{ path: '', message: 'expected a mapping at the top level' }]);
  }
  const parsed = manifestSchema.safeParse(data);
  if (!parsed.success) {
    throw manifestInvalid(
      parsed.error.issues.map((issue) => ({
        path: issue.path.join('.'),
        message: issue.message,
      }))
    );
  }
  return resolveManifest(parsed.data);
}

function resolveManifest(raw: RawManifest): AgentManifest {
  const version = resolveVersion(raw);
  return {
    name: raw.name,
    version,
    displayName: raw.display_name,
    description: raw.description,
    author: raw.author,
    runtime: runtimeFamily(raw),
    entrypoint: raw.entrypoint,
    rest: raw.rest ? { entry: raw.rest.entry } : undefined,
    a2a:
      raw.a2a != null
        ? { service: raw.a2a.service }
        : raw.a2a === null
          ? { service: undefined }
          : undefined,
    ui: raw.ui ? { path: raw.ui.path, basePath: raw.ui.basePath ?? '/' } : undefined,
    environment: raw.environment ?? {},
    subAgents: (raw.metadata?.sub_agents ?? []).map((agent) => ({
      name: agent.name,
      description: agent.description,
      endpoint: agent.endpoint,
      public: agent.public ?? false,
    })),
    capabilities: raw.capabilities ?? [],
    installScripts: raw.node?.install_scripts ?? false,
  };
}

/**
 * The Kit keeps the release version in `metadata.version` and uses the top-level `version` for
 * the manifest format ("1.0"); hand-made packages put the release there. A top-level value
 * counts only when it is a full x.y.z, so the format marker is never taken for a release.
 */
function resolveVersion(raw: RawManifest): string {
  const fromMetadata = raw.metadata?.version;
  if (fromMetadata !== undefined && String(fromMetadata).trim() !== '') return String(fromMetadata);
  const topLevel = raw.version === undefined ? undefined : String(raw.version);
  if (topLevel !== undefined && fullSemver.test(topLevel)) return topLevel;
  throw manifestInvalid([
    {
      path: 'metadata.version',
      message: `expected the agent's version in metadata.version (or a top-level x.y.z), got ${
        topLevel === undefined ? 'none' : JSON.stringify(topLevel)
      }`,
    },
  ]);
}

/** Without a `runtime` key, the shape of the references decides (the Kit defaulted to Python). */
function runtimeFamily(raw: RawManifest): AgentManifest['runtime'] {
  const runtime = raw.runtime;
  if (runtime === undefined) {
    const references = [raw.entrypoint, raw.rest?.entry, raw.a2a?.service];
    return references.some((ref) => ref !== undefined && isPythonReference(ref))
      ? 'python'
      : 'node';
  }
  if (typeof runtime === 'string') {
    if (runtime.startsWith('node')) return 'node';
    return runtime.startsWith('python') ? 'python' : 'other';
  }
  return 'python' in runtime ? 'python' : 'node' in runtime ? 'node' : 'other';
}

function manifestInvalid(problems: ManifestProblem[]): RuntimeError {
  const summary = problems
    .map((problem) => (problem.path ? `${problem.path}: ${problem.message}` : problem.message))
    .join('; ');
  return new RuntimeError('PAR_ERR_MANIFEST_INVALID', `agent.yaml is invalid: ${summary}`, {
    details: { problems },
  });
}

/** `src.main:handler` is Python; JS references contain a slash, a `#` or a JS extension. */
export function isPythonReference(reference: string): boolean {
  const file = reference.split(/[#:]/)[0] ?? '';
  return !reference.includes('/') && !reference.includes('#') && !/\.[cm]?js$/.test(file);
}
