import { parseArgs } from 'node:util';
import { packFolder } from '../../package/index.js';
import type { Command } from '../command.js';

export const packCommand: Command = {
  name: 'pack',
  summary: 'Build a reproducible .apkg from a package folder',
  help: `Usage: par pack [-o FILE] [--include-node-modules] FOLDER

Checks FOLDER as "par validate" would (any problem stops the pack), then writes an APKG (a zip
with agent.yaml at its root) that is byte-for-byte reproducible: entries sorted by path, one
fixed timestamp (1980-01-01), fixed modes (0644) and deflate at a fixed level. Packing the same
files twice gives the same SHA-256.

Left out: .env and .env.* files (secrets; .env.example is kept), .git folders, node_modules
folders unless --include-node-modules, symbolic links and special files, and the output file.

Arguments:
  FOLDER                    the package folder, holding agent.yaml

Options:
  -o, --output FILE         where to write; default <name>-<version>.apkg in the current folder
  --include-node-modules    keep node_modules (for agents that are not bundled)

Exit codes: 0 packed, 1 the folder has problems, 2 usage error.
`,
  async run(args) {
    const { positionals, values } = parseArgs({
      args,
      allowPositionals: true,
      options: {
        output: { type: 'string', short: 'o' },
        'include-node-modules': { type: 'boolean' },
      },
    });
    if (positionals.length !== 1) {
      process.stderr.write(`par pack: expected one FOLDER, got ${positionals.length}\n`);
      return 2;
    }

    const result = await packFolder({
      root: positionals[0] ?? '',
      output: values.output,
      includeNodeModules: values['include-node-modules'] ?? false,
    });
    if (result.kind === 'refused') {
      process.stderr.write(`par pack: ${result.problems.length} problem(s); nothing written\n`);
      for (const problem of result.problems) {
        const where = problem.where === '' ? '' : `${problem.where}: `;
        process.stderr.write(`  ${problem.code}  ${where}${problem.message}\n`);
      }
      return 1;
    }

    for (const skip of result.skipped) {
      process.stderr.write(`  left out ${skip.path}: ${skip.reason}\n`);
    }
    for (const warning of result.warnings) process.stderr.write(`  warning: ${warning}\n`);
    process.stdout.write(
      `packed ${result.file} (${result.fileCount} files, sha256 ${result.sha256})\n`
    );
    return 0;
  },
};
