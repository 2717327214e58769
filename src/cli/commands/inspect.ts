import type { PackageExamination } from '../../package/index.js';
import type { Command } from '../command.js';
import { examineArgument } from '../package-target.js';

export const inspectCommand: Command = {
  name: 'inspect',
  summary: 'Describe a package: name, version, runtime, surfaces, sizes, SHA-256',
  help: `Usage: par inspect [--json] PACKAGE

Describes a package folder, .apkg file or URL: its name, version, runtime, the surfaces agent.yaml
declares, how many entries it holds, its compressed and uncompressed sizes (an archive is
unpacked under the same limits as "par run", counting the bytes really inflated) and the
SHA-256 of the archive's bytes. Problems "par validate" would report are counted.

Arguments:
  PACKAGE  a package folder, an .apkg file, or an https:// or s3:// URL (downloaded as
           "par run" would, with PACKAGE_SHA256, MAX_PACKAGE_SIZE_MB and the S3_* settings)

Options:
  --json   print one JSON object instead of text, for machines

Exit codes: 0 described, 1 the archive was refused or agent.yaml could not be read,
2 usage error.
`,
  async run(args) {
    const examined = await examineArgument('inspect', args);
    if (examined === undefined) return 2;
    const { result, json } = examined;
    const summary = describe(result);
    process.stdout.write(json ? `${JSON.stringify(summary)}\n` : asText(summary));

    return result.manifest === undefined ? 1 : 0;
  },
};

/** The `--json` shape; the text form prints the same fields. */
function describe(result: PackageExamination) {
  const { manifest, contents } = result;
  return {
    origin: result.origin,
    kind: result.kind,
    name: manifest?.name ?? null,
    version: manifest?.version ?? null,
    runtime: manifest?.runtimeName ?? null,
    runtime_family: manifest?.runtime ?? null,
    surfaces: manifest ? declaredSurfaces(manifest) : [],
    entries: contents?.entryCount ?? null,
    files: contents?.fileCount ?? null,
    compressed_bytes: contents?.compressedBytes ?? null,
    uncompressed_bytes: contents?.uncompressedBytes ?? null,
    sha256: result.sha256 ?? null,
    problems: result.problems,
  };
}

function declaredSurfaces(manifest: NonNullable<PackageExamination['manifest']>): string[] {
  const surfaces: string[] = [];
  if (manifest.entrypoint !== undefined) surfaces.push('invoke');
  if (manifest.rest !== undefined) surfaces.push('rest');
  if (manifest.a2a !== undefined) surfaces.push('a2a');
  if (manifest.ui !== undefined) surfaces.push('ui');
  return surfaces;
}

function asText(summary: ReturnType<typeof describe>): string {
  const show = (value: string | number | null) => (value === null ? '-' : String(value));
  const bytes = (value: number | null) =>
    value === null ? '-' : `${value} bytes (${(value / 1024 / 1024).toFixed(2)} MiB)`;
  const rows: Array<[string, string]> = [
    ['package', `${summary.origin} (${summary.kind})`],
    ['name', show(summary.name)],
    ['version', show(summary.version)],
    ['runtime', `${show(summary.runtime)} (${show(summary.runtime_family)})`],
    ['surfaces', summary.surfaces.join(', ') || '-'],
    ['entries', `${show(summary.entries)} (${show(summary.files)} files)`],
    ['compressed', bytes(summary.compressed_bytes)],
    ['uncompressed', bytes(summary.uncompressed_bytes)],
    ['sha256', show(summary.sha256)],
  ];
  const lines = rows.map(([label, value]) => `${`${label}:`.padEnd(14)}${value}`);
  for (const problem of summary.problems) {
    lines.push(`problem:      ${problem.code} ${problem.where} ${problem.message}`.trimEnd());
  }
  return `${lines.join('\n')}\n`;
}
