import path from 'node:path';
import { checkFolder, envFileWarning } from '../check/index.js';
import type { PackageProblem } from '../check/index.js';
import { sha256OfFile } from '../hash-file.js';
import { listPackFiles } from './pack-file-list.js';
import { writeApkg } from './write-apkg.js';

/** `par pack`: check a folder as `par validate` would, then write a reproducible APKG of it. */

export interface PackFolderOptions {
  /** The package folder, holding agent.yaml. */
  root: string;
  /** The archive to write; `<name>-<version>.apkg` in `cwd` when omitted. */
  output?: string | undefined;
  includeNodeModules?: boolean;
  cwd?: string;
}

export type PackResult =
  | { readonly kind: 'refused'; readonly problems: PackageProblem[] }
  | {
      readonly kind: 'packed';
      readonly file: string;
      readonly sha256: string;
      readonly fileCount: number;
      readonly skipped: Array<{ path: string; reason: string }>;
      readonly warnings: string[];
    };

export async function packFolder(options: PackFolderOptions): Promise<PackResult> {
  const root = path.resolve(options.root);
  const check = await checkFolder(root);
  if (check.manifest === undefined || check.problems.length > 0) {
    return { kind: 'refused', problems: check.problems };
  }

  const { name, version } = check.manifest;
  const output = path.resolve(
    options.cwd ?? process.cwd(),
    options.output ?? `${name}-${version}.apkg`
  );
  const list = await listPackFiles(root, {
    includeNodeModules: options.includeNodeModules ?? false,
    exclude: [output],
  });
  await writeApkg({ root, files: list.files, output });

  return {
    kind: 'packed',
    file: output,
    sha256: await sha256OfFile(output),
    fileCount: list.files.length,
    skipped: list.skipped,
    warnings: check.warnings.filter((warning) => warning !== envFileWarning),
  };
}
