/**
 * What "data plane only" allows in the runtime's dependencies, and the two walks that check it:
 * the production packages of package-lock.json, and the static import graph of the compiled
 * CLI. The only cloud client allowed is S3's, for the package download.
 */
import { readFileSync } from 'node:fs';
import { isBuiltin } from 'node:module';
import path from 'node:path';

/**
 * @aws-sdk packages allowed besides @aws-sdk/client-s3: the SDK's core, types, middleware,
 * utilities and the credential chain. `nested-clients` holds the STS and SSO calls the
 * credential providers make to obtain credentials (web identity on EKS, SSO on a laptop); it
 * is never imported by the runtime directly, which the import-graph test checks.
 */
const allowedAwsSdkNames = new Set([
  '@aws-sdk/client-s3',
  '@aws-sdk/core',
  '@aws-sdk/types',
  '@aws-sdk/checksums',
  '@aws-sdk/nested-clients',
  '@aws-sdk/xml-builder',
  '@aws-sdk/token-providers',
  '@aws-sdk/signature-v4-multi-region',
  '@aws-sdk/region-config-resolver',
]);
const allowedAwsSdkFamilies = /^@aws-sdk\/(credential-provider|middleware|util)-[a-z0-9-]+$/;

/** @aws packages allowed: an AsyncLocalStorage helper @aws-sdk/core uses; it opens nothing. */
const allowedAws = new Set(['@aws/lambda-invoke-store']);

/** Cloud and orchestrator SDKs a data-plane runtime has no business carrying. */
const forbiddenPrefixes: Array<[prefix: string, reason: string]> = [
  ['@google-cloud/', 'a Google Cloud client'],
  ['googleapis', 'a Google APIs client'],
  ['@azure/', 'an Azure client'],
  ['@kubernetes/', 'a Kubernetes API client'],
  ['kubernetes-client', 'a Kubernetes API client'],
  ['@alicloud/', 'an Alibaba Cloud client'],
  ['oci-', 'an Oracle Cloud client'],
  ['ibm-cloud-sdk-core', 'an IBM Cloud client'],
  ['dockerode', 'a Docker engine client'],
  ['@pulumi/', 'an infrastructure-as-code SDK'],
  ['aws-cdk-lib', 'an infrastructure-as-code SDK'],
];

/** Why a package is not allowed in the runtime, or undefined when it is allowed. */
export function forbiddenReason(name: string): string | undefined {
  if (name === 'aws-sdk') return 'the AWS SDK v2 (every AWS client in one package)';
  if (name.startsWith('@aws-sdk/client-') && name !== '@aws-sdk/client-s3') {
    return 'an AWS client other than S3';
  }
  if (
    name.startsWith('@aws-sdk/') &&
    !allowedAwsSdkNames.has(name) &&
    !allowedAwsSdkFamilies.test(name)
  ) {
    return 'an @aws-sdk package that is neither S3 nor one of its helpers';
  }
  if (name.startsWith('@aws/') && !allowedAws.has(name)) return 'an unknown @aws package';
  return forbiddenPrefixes.find(([prefix]) => name.startsWith(prefix))?.[1];
}

interface Lockfile {
  packages: Record<string, { dev?: boolean; link?: boolean }>;
}

/** The names of every package installed for production (not dev-only) in a lockfile. */
export function productionPackages(lockfile: Lockfile): string[] {
  const names = new Set<string>();
  for (const [where, entry] of Object.entries(lockfile.packages)) {
    if (where === '' || entry.dev === true || entry.link === true) continue;
    const marker = where.lastIndexOf('node_modules/');
    if (marker !== -1) names.add(where.slice(marker + 'node_modules/'.length));
  }
  return [...names].sort();
}

export function readLockfile(file: string): Lockfile {
  return JSON.parse(readFileSync(file, 'utf8')) as Lockfile;
}

/** One bare import (a package or node: module) and the file that makes it. */
export interface PackageImport {
  specifier: string;
  packageName: string;
  importer: string;
}

/** `import 'x'`, `import a from 'x'`, `export { a } from 'x'`; the specifier in group 1 or 2. */
const staticImport = new RegExp(
  String.raw`(?:^|[;}\s])(?:import\s*['"]([^'"\n]+)['"]` +
    String.raw`|(?:import|export)\s[^'";]*?\bfrom\s*['"]([^'"\n]+)['"])`,
  'g'
);
const literalDynamicImport = /\bimport\(\s*['"]([^'"\n]+)['"]\s*\)/g;

/**
 * Follows every relative import from `entry` (compiled ESM) and returns the files reached and
 * every bare import they make. Imports built at run time (the agent's own modules) are not
 * followed: they are not part of the runtime.
 */
export function importGraph(entry: string): { files: string[]; imports: PackageImport[] } {
  const seen = new Set<string>();
  const imports: PackageImport[] = [];
  const queue = [path.resolve(entry)];
  while (queue.length > 0) {
    const file = queue.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    const source = readFileSync(file, 'utf8');
    const specifiers = [
      ...[...source.matchAll(staticImport)].map((match) => match[1] ?? match[2]),
      ...[...source.matchAll(literalDynamicImport)].map((match) => match[1]),
    ];
    for (const specifier of specifiers) {
      if (specifier!.startsWith('.')) {
        queue.push(path.resolve(path.dirname(file), specifier!));
      } else {
        imports.push({
          specifier: specifier!,
          packageName: packageNameOf(specifier!),
          importer: file,
        });
      }
    }
  }
  return { files: [...seen].sort(), imports };
}

/** `@scope/name/sub` → `@scope/name`; `name/sub` → `name`; `node:fs` stays. */
export function packageNameOf(specifier: string): string {
  if (isBuiltin(specifier)) return specifier;
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!;
}
