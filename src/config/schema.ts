import { z } from 'zod';
import { archiveSettings } from './settings/archive.js';
import { bootSettings } from './settings/boot.js';
import { dependencySettings } from './settings/dependencies.js';
import { grpcSettings } from './settings/grpc.js';
import { identitySettings } from './settings/identity.js';
import { loggingSettings } from './settings/logging.js';
import { packageFetchSettings } from './settings/package-fetch.js';
import { packageSourceSettings } from './settings/package-source.js';
import { shutdownSettings } from './settings/shutdown.js';
import { storageSettings } from './settings/storage.js';
import { surfaceSettings } from './settings/surfaces.js';
import { a2aSettings } from './settings/a2a.js';

/** Every environment variable the runtime reads, grouped by the concern it configures. */
export const settingGroups = {
  identity: identitySettings,
  packageSource: packageSourceSettings,
  archive: archiveSettings,
  packageFetch: packageFetchSettings,
  surfaces: surfaceSettings,
  grpc: grpcSettings,
  a2a: a2aSettings,
  boot: bootSettings,
  shutdown: shutdownSettings,
  logging: loggingSettings,
  storage: storageSettings,
  dependencies: dependencySettings,
} as const;

const allSettings = {
  ...identitySettings,
  ...packageSourceSettings,
  ...archiveSettings,
  ...packageFetchSettings,
  ...surfaceSettings,
  ...grpcSettings,
  ...a2aSettings,
  ...bootSettings,
  ...shutdownSettings,
  ...loggingSettings,
  ...storageSettings,
  ...dependencySettings,
};

/**
 * The single source of truth for configuration: each variable on its own, then the rules that
 * tie several together. Unknown variables are ignored (the environment holds much else).
 */
export const envSchema = z.object(allSettings).superRefine((env, ctx) => {
  const clash = (a: string, b: string) =>
    ctx.addIssue({
      code: 'custom',
      path: [b],
      message: `expected a port different from ${a}, got ${env[b as keyof typeof env] as number}`,
    });
  if (env.REST_PORT === env.A2A_PORT && env.GRPC_ENABLED) clash('REST_PORT', 'A2A_PORT');
  if (env.A2A_PORT === env.UI_PORT && env.GRPC_ENABLED) clash('A2A_PORT', 'UI_PORT');
  if (env.REST_PORT === env.UI_PORT && !env.MULTIPLEXED) {
    ctx.addIssue({
      code: 'custom',
      path: ['UI_PORT'],
      message:
        'expected a port different from REST_PORT when MULTIPLEXED is false, ' +
        `got ${env.UI_PORT}`,
    });
  }
  const source = env.PACKAGE_URL;
  if (source?.kind === 's3' && env.S3_BUCKET !== undefined && source.bucket !== env.S3_BUCKET) {
    ctx.addIssue({
      code: 'custom',
      path: ['PACKAGE_URL'],
      message:
        `expected an s3:// URL in bucket "${env.S3_BUCKET}" (S3_BUCKET), ` +
        `got bucket "${source.bucket}"`,
    });
  }
});

export type EnvSettings = z.output<typeof envSchema>;

/** The variable names, in documentation order. */
export function settingNames(): string[] {
  return Object.keys(allSettings);
}

/** The documentation row of one variable, read back from the schema's metadata. */
export function settingDoc(name: string): { default: string | undefined; rule: string } {
  const schema = allSettings[name as keyof typeof allSettings];
  const meta = schema.meta() as { default?: string; rule?: string } | undefined;
  return { default: meta?.default, rule: meta?.rule ?? '' };
}
