/** A module reference in agent.yaml (`relative/file.js#export`), resolved inside the package. */
import path from 'node:path';
import { RuntimeError } from '../errors/index.js';

export interface ModuleReference {
  /** Absolute path of the module file, inside the package root. */
  readonly file: string;
  /** The export to read; `default` when the reference names none. */
  readonly exportName: string;
  /** The reference as written in agent.yaml, for messages. */
  readonly text: string;
}

/**
 * Resolves `relative/file.js#export` (or `relative/file.js:export`, which passes the Kit's own
 * check) against the package root. The file must stay inside the root.
 */
export function resolveModuleReference(root: string, text: string, field: string): ModuleReference {
  const hashAt = text.lastIndexOf('#');
  const colonMatch = /^(.*\.[cm]?js):([A-Za-z_$][\w$]*)$/.exec(text);
  const [fileText, exportName] =
    hashAt >= 0
      ? [text.slice(0, hashAt), text.slice(hashAt + 1)]
      : colonMatch
        ? [colonMatch[1] ?? '', colonMatch[2] ?? '']
        : [text, 'default'];

  if (fileText === '' || exportName === '' || !/^[A-Za-z_$][\w$]*$/.test(exportName)) {
    throw invalid(field, text, 'a reference of the form relative/file.js#exportName');
  }
  if (path.isAbsolute(fileText) || fileText.includes('\\')) {
    throw invalid(field, text, 'a relative POSIX path inside the package');
  }
  const file = path.resolve(root, fileText);
  const relative = path.relative(root, file);
  if (relative === '' || relative.startsWith('..') || path.isAbsolute(relative)) {
    throw invalid(field, text, 'a path that stays inside the package');
  }
  return { file, exportName, text };
}

function invalid(field: string, text: string, expected: string): RuntimeError {
  return new RuntimeError(
    'PAR_ERR_AGENT_REFERENCE_INVALID',
    `${field}: expected ${expected}, got ${JSON.stringify(text)}`,
    { details: { field, reference: text } }
  );
}
