import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseDocument } from 'yaml';
import type { z } from 'zod';
import { RuntimeError } from '../errors/index.js';
import type { AgentManifest } from './agent-manifest.js';
import { manifestSchema, metadataOnlyKeys, type RawManifest } from './manifest-schema.js';
import { isRecord, runtimeFamilyOf } from './runtime-family.js';

/**
 * Reads `agent.yaml`: YAML to data, the runtime family, then (for Node packages) the schema,
 * with every problem collected and reported at once, each with its dotted path.
 */

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

/**
 * Validates a manifest's text. A Node manifest must match the schema; a Python or Go one is
 * only described (name, version, surfaces), because the runtime refuses it anyway
 * (assertHostable) and the Kit's legacy layouts would not pass the v1 schema.
 */
export function parseManifest(text: string): AgentManifest {
  // The yaml library's core schema builds plain data only: no custom tags, no code.
  const document = parseDocument(text, { schema: 'core', uniqueKeys: true, prettyErrors: false });
  if (document.errors.length > 0) {
    throw manifestInvalid(document.errors.map((error) => ({ path: '', message: error.message })));
  }
  const data: unknown = document.toJS({ maxAliasCount: 100 });
  if (!isRecord(data)) {
    throw manifestInvalid([{ path: '', message: 'expected a mapping at the top level' }]);
  }
  if (runtimeFamilyOf(data) !== 'node') return describeForeign(data);

  const parsed = manifestSchema.safeParse(data);
  const problems = parsed.success ? [] : parsed.error.issues.flatMap(problemsOf);
  const version = resolveVersion(data);
  if (typeof version !== 'string') problems.push(version);
  if (!parsed.success || typeof version !== 'string') throw manifestInvalid(problems);

  return resolveManifest(parsed.data, version);
}

function resolveManifest(raw: RawManifest, version: string): AgentManifest {
  return {
    name: raw.name,
    version,
    displayName: raw.display_name,
    description: raw.description,
    author: raw.author,
    runtime: 'node',
    runtimeName: typeof raw.runtime === 'string' ? raw.runtime : runtimeText(raw.runtime),
    entrypoint: raw.entrypoint,
    rest: raw.rest ? { entry: raw.rest.entry } : undefined,
    // `a2a: {}` and a bare `a2a:` both turn the surface on, as in the Python PAR.
    a2a: raw.a2a !== undefined ? { service: raw.a2a?.service } : undefined,
    ui: raw.ui ? { path: raw.ui.path, basePath: raw.ui.basePath ?? '/' } : undefined,
    mcpConfigFile: raw.mcp?.enabled === true ? raw.mcp.config_file : undefined,
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

/** What can be said of a package the runtime will not host, without holding it to the schema. */
function describeForeign(data: Record<string, unknown>): AgentManifest {
  const text = (value: unknown) => (typeof value === 'string' ? value : undefined);
  const block = (value: unknown) => (isRecord(value) ? value : undefined);
  const version = resolveVersion(data);
  const ui = block(data.ui);
  const a2a = data.a2a === null ? {} : block(data.a2a);

  return {
    name: text(data.name) ?? text(data.id) ?? 'unknown',
    version: typeof version === 'string' ? version : (text(data.version) ?? 'unknown'),
    displayName: text(data.display_name),
    description: text(data.description),
    author: text(data.author),
    runtime: runtimeFamilyOf(data),
    runtimeName: runtimeText(data.runtime),
    entrypoint: text(data.entrypoint),
    rest: text(block(data.rest)?.entry)
      ? { entry: text(block(data.rest)?.entry) ?? '' }
      : undefined,
    a2a: a2a ? { service: text(a2a.service) } : undefined,
    ui: text(ui?.path)
      ? { path: text(ui?.path) ?? '', basePath: text(ui?.basePath) ?? '/' }
      : undefined,
    mcpConfigFile: undefined,
    environment: {},
    subAgents: [],
    capabilities: [],
    installScripts: false,
  };
}

/**
 * The Kit keeps the release version in `metadata.version` and uses the top-level `version` for
 * the manifest format ("1.0"); hand-made packages put the release there. A top-level value
 * counts only when it is a full x.y.z, so the format marker is never taken for a release.
 */
function resolveVersion(data: Record<string, unknown>): string | ManifestProblem {
  const metadata = isRecord(data.metadata) ? data.metadata : {};
  const fromMetadata = scalarText(metadata.version);
  if (fromMetadata !== undefined && fromMetadata.trim() !== '') return fromMetadata;
  const topLevel = scalarText(data.version);
  if (topLevel !== undefined && fullSemver.test(topLevel)) return topLevel;

  return {
    path: 'metadata.version',
    message: `expected the agent's version in metadata.version (or a top-level x.y.z), got ${
      topLevel === undefined ? 'none' : JSON.stringify(topLevel)
    }`,
  };
}

/** One zod issue as problems; an unknown top-level key says where it belongs, when it can. */
function problemsOf(issue: z.core.$ZodIssue): ManifestProblem[] {
  const where = issue.path.join('.');
  if (issue.code !== 'unrecognized_keys') return [{ path: where, message: issue.message }];

  return issue.keys.map((key) => ({
    path: where === '' ? key : `${where}.${key}`,
    message: metadataOnlyKeys.includes(key)
      ? `not a top-level key in the Kit's v1 manifest; move it under metadata`
      : where === ''
        ? "not a key of the Kit's v1 manifest (top-level keys are closed)"
        : 'not a known key here',
  }));
}

function scalarText(value: unknown): string | undefined {
  return typeof value === 'string' || typeof value === 'number' ? String(value) : undefined;
}

function runtimeText(runtime: unknown): string | undefined {
  if (runtime === undefined || runtime === null) return undefined;
  return typeof runtime === 'string' ? runtime : JSON.stringify(runtime);
}

function manifestInvalid(problems: ManifestProblem[]): RuntimeError {
  const summary = problems
    .map((problem) => (problem.path ? `${problem.path}: ${problem.message}` : problem.message))
    .join('; ');
  return new RuntimeError('PAR_ERR_MANIFEST_INVALID', `agent.yaml is invalid: ${summary}`, {
    details: { problems },
  });
}
