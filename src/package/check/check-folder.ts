import { access } from 'node:fs/promises';
import path from 'node:path';
import { errorCodeOf, errorMessageOf, isRuntimeError } from '../../errors/index.js';
import type { AgentManifest } from '../agent-manifest.js';
import { resolveModuleReference } from '../module-reference.js';
import type { ManifestProblem } from '../read-manifest.js';
import { readManifest } from '../read-manifest.js';
import { assertHostable } from '../runtime-family.js';
import { isFile, resolveUiFolder } from '../ui-folder.js';
import type { PackageProblem } from './package-problem.js';

/**
 * The checks `par validate` and `par pack` run on an unpacked package folder: the manifest,
 * that the runtime can host it, and that every file and folder it names is there.
 */

export interface FolderCheck {
  /** Undefined when agent.yaml is missing or invalid. */
  readonly manifest: AgentManifest | undefined;
  readonly problems: PackageProblem[];
  /** Worth knowing, not wrong: the package still runs. */
  readonly warnings: string[];
}

/** `par pack` leaves `.env` out, so it drops this warning. */
export const envFileWarning =
  '.env is in the package: it may hold secrets, and PAR does not read it';

export async function checkFolder(root: string): Promise<FolderCheck> {
  let manifest: AgentManifest;
  try {
    manifest = await readManifest(root);
  } catch (error) {
    return { manifest: undefined, problems: manifestProblems(error), warnings: [] };
  }

  const problems: PackageProblem[] = [];
  try {
    assertHostable(manifest);
  } catch (error) {
    problems.push(asProblem(error, 'agent.yaml runtime'));
    return { manifest, problems, warnings: [] };
  }
  problems.push(...(await referenceProblems(root, manifest)));

  return { manifest, problems, warnings: await warningsFor(root, manifest) };
}

async function referenceProblems(root: string, manifest: AgentManifest): Promise<PackageProblem[]> {
  const problems: PackageProblem[] = [];
  const references: Array<[string, string | undefined]> = [
    ['entrypoint', manifest.entrypoint],
    ['rest.entry', manifest.rest?.entry],
    ['a2a.service', manifest.a2a?.service],
  ];
  for (const [field, text] of references) {
    if (text === undefined) continue;
    try {
      const reference = resolveModuleReference(root, text, field);
      if (!(await isFile(reference.file))) {
        problems.push(
          missing(field, `expected the module ${text} in the package, got no such file`)
        );
      }
    } catch (error) {
      problems.push(asProblem(error, `agent.yaml ${field}`));
    }
  }

  if (manifest.ui !== undefined) {
    await resolveUiFolder(root, manifest.ui.path).catch((error: unknown) => {
      problems.push(asProblem(error, 'agent.yaml ui.path'));
    });
  }
  const mcpFile = manifest.mcpConfigFile;
  if (mcpFile !== undefined && !(await isFile(path.resolve(root, mcpFile)))) {
    problems.push(
      missing('mcp.config_file', `expected ${mcpFile} in the package, got no such file`)
    );
  }
  return problems;
}

async function warningsFor(root: string, manifest: AgentManifest): Promise<string[]> {
  const warnings: string[] = [];
  const exists = (name: string) =>
    access(path.join(root, name)).then(
      () => true,
      () => false
    );
  if (await exists('.env')) warnings.push(envFileWarning);
  const kitRequired: Array<[string, unknown]> = [
    ['display_name', manifest.displayName],
    ['description', manifest.description],
    ['author', manifest.author],
  ];
  for (const [field, value] of kitRequired) {
    if (value === undefined) warnings.push(`${field} is missing: the Kit requires it to publish`);
  }
  return warnings;
}

function manifestProblems(error: unknown): PackageProblem[] {
  const details = isRuntimeError(error) ? error.details : undefined;
  const listed = details?.problems as ManifestProblem[] | undefined;
  if (listed === undefined) return [asProblem(error, '')];

  return listed.map((problem) => ({
    code: 'PAR_ERR_MANIFEST_INVALID',
    where: problem.path === '' ? 'agent.yaml' : `agent.yaml ${problem.path}`,
    message: problem.message,
  }));
}

function missing(where: string, message: string): PackageProblem {
  return { code: 'PAR_ERR_PACKAGE_REFERENCE_MISSING', where: `agent.yaml ${where}`, message };
}

/** Any refusal as a problem found at `where`. */
export function asProblem(error: unknown, where: string): PackageProblem {
  return { code: errorCodeOf(error), where, message: errorMessageOf(error) };
}
