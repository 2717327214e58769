import type { PackageExamination } from '../../package/index.js';
import type { Command } from '../command.js';
import { examineArgument } from '../package-target.js';

export const validateCommand: Command = {
  name: 'validate',
  summary: 'Check a package folder or .apkg file and list every problem',
  help: `Usage: par validate [--json] PACKAGE

Checks a package as "par run" would before serving it, and prints every problem at once:
archive safety (paths, links, encryption, duplicates, the MAX_* limits), agent.yaml against the
Pixell Agent Kit v1 schema and PAR's Node extension, that the runtime can host it, and that the
modules, the UI folder (with its index.html) and the MCP config file it names are in the package.

Arguments:
  PACKAGE  a package folder, an .apkg file, or an https:// or s3:// URL (downloaded as
           "par run" would, with PACKAGE_SHA256, MAX_PACKAGE_SIZE_MB and the S3_* settings)

Options:
  --json   print one JSON object: { ok, problems: [{ code, where, message }], warnings }

The archive limits come from MAX_PACKAGE_SIZE_MB, MAX_PACKAGE_ENTRIES, MAX_EXTRACTED_SIZE_MB and
MAX_COMPRESSION_RATIO, as for "par run". Nothing is left on disk.

Exit codes: 0 no problems (warnings allowed), 1 problems found, 2 usage error.
`,
  async run(args) {
    const examined = await examineArgument('validate', args);
    if (examined === undefined) return 2;
    const { result, json } = examined;
    const ok = result.problems.length === 0;
    process.stdout.write(json ? `${JSON.stringify(asJson(result))}\n` : asText(result));

    return ok ? 0 : 1;
  },
};

function asJson(result: PackageExamination) {
  return { ok: result.problems.length === 0, problems: result.problems, warnings: result.warnings };
}

function asText(result: PackageExamination): string {
  const lines: string[] = [];
  const { manifest, problems } = result;
  const what = manifest ? `${manifest.name} ${manifest.version}` : result.origin;
  if (problems.length === 0) {
    lines.push(`ok: ${what} (${result.origin}) has no problems`);
  } else {
    lines.push(`${what}: ${problems.length} problem(s)`);
    for (const problem of problems) {
      const where = problem.where === '' ? '' : `${problem.where}: `;
      lines.push(`  ${problem.code}  ${where}${problem.message}`);
    }
  }
  for (const warning of result.warnings) lines.push(`  warning: ${warning}`);

  return `${lines.join('\n')}\n`;
}
