/**
 * Reads the deployment files (Dockerfile, deploy/ecs, deploy/iam, deploy/kubernetes) for the
 * tests that check them against each other and against the config schema.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { repoRoot } from '../helpers/paths.js';

export const deployDir = path.join(repoRoot, 'deploy');

/** Sample values for the `${NAME}` placeholders the templates use. */
export const placeholderValues: Record<string, string> = {
  AGENT_APP_ID: 'hello-agent',
  DEPLOYMENT_ID: 'deploy-42',
  AWS_ACCOUNT_ID: '123456789012',
  AWS_REGION: 'us-east-2',
  IMAGE: '123456789012.dkr.ecr.us-east-2.amazonaws.com/par:0.1.0',
  ECR_REPOSITORY: 'par',
  PACKAGE_BUCKET: 'my-agent-packages',
  PACKAGE_PREFIX: 'hello-agent',
  PACKAGE_SHA256: 'a'.repeat(64),
  PUBLIC_HOST: 'agents.example.com',
  PUBLIC_GRPC_HOST: 'grpc.agents.example.com',
  EFS_FILE_SYSTEM_ID: 'fs-0123456789abcdef0',
  EFS_ACCESS_POINT_ID: 'fsap-0123456789abcdef0',
};

/** Every `${NAME}` a text uses. */
export function placeholdersIn(text: string): string[] {
  return [...new Set([...text.matchAll(/\$\{([A-Z0-9_]+)\}/g)].map((match) => match[1]!))];
}

/** Replaces every `${NAME}` with its sample value; an unknown placeholder is an error. */
export function substitute(text: string): string {
  return text.replace(/\$\{([A-Z0-9_]+)\}/g, (_whole, name: string) => {
    const value = placeholderValues[name];
    if (value === undefined) throw new Error(`no sample value for placeholder \${${name}}`);
    return value;
  });
}

export function readDeployText(relative: string): string {
  return readFileSync(path.join(deployDir, relative), 'utf8');
}

/** A JSON template with its placeholders filled with the sample values. */
export function readDeployJson<T>(relative: string): T {
  return JSON.parse(substitute(readDeployText(relative))) as T;
}

export interface EnvEntry {
  name: string;
  value?: string;
  valueFrom?: unknown;
}

export interface EcsContainer {
  name: string;
  image: string;
  essential: boolean;
  readonlyRootFilesystem?: boolean;
  stopTimeout: number;
  portMappings: Array<{ name?: string; containerPort: number; protocol?: string }>;
  environment: EnvEntry[];
  mountPoints: Array<{ sourceVolume: string; containerPath: string; readOnly?: boolean }>;
  healthCheck: {
    command: string[];
    interval: number;
    timeout: number;
    retries: number;
    startPeriod: number;
  };
  logConfiguration: { logDriver: string; options: Record<string, string> };
}

export interface EcsTaskDefinition {
  family: string;
  executionRoleArn: string;
  taskRoleArn: string;
  volumes: Array<{ name: string; efsVolumeConfiguration?: Record<string, unknown> }>;
  containerDefinitions: EcsContainer[];
}

export function ecsTaskDefinition(): EcsTaskDefinition {
  return readDeployJson<EcsTaskDefinition>('ecs/task-definition.json');
}

export interface PolicyStatement {
  Sid?: string;
  Effect: string;
  Action?: string | string[];
  NotAction?: unknown;
  Resource?: string | string[];
  NotResource?: unknown;
  Principal?: unknown;
  Condition?: unknown;
}

export interface PolicyDocument {
  Version: string;
  Statement: PolicyStatement[];
}

export function policy(relative: string): PolicyDocument {
  return readDeployJson<PolicyDocument>(relative);
}

export function asList(value: string | string[] | undefined): string[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

/** A Kubernetes object as parsed from YAML: only the shape every object shares is typed. */
export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  spec?: Record<string, unknown>;
  [key: string]: unknown;
}

/** Every object of every file the kustomization lists, with the file it came from. */
export function kubernetesObjects(): Array<{ file: string; object: KubeObject }> {
  const kustomization = kustomizationFile();
  return kustomization.resources.flatMap((file) =>
    parseAllDocuments(readDeployText(`kubernetes/${file}`)).map((document) => {
      if (document.errors.length > 0) throw new Error(`${file}: ${document.errors[0]!.message}`);
      return { file, object: document.toJS() as KubeObject };
    })
  );
}

export function kustomizationFile(): {
  apiVersion: string;
  kind: string;
  resources: string[];
  images?: Array<{ name: string; newName?: string; newTag?: string }>;
} {
  const [document] = parseAllDocuments(readDeployText('kubernetes/kustomization.yaml'));
  return document!.toJS() as ReturnType<typeof kustomizationFile>;
}

/** The Dockerfile's instructions, continuation lines joined. */
export function dockerfileInstructions(): Array<{ keyword: string; args: string }> {
  const text = readFileSync(path.join(repoRoot, 'Dockerfile'), 'utf8').replace(/\\\n/g, ' ');
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((line) => {
      const [keyword = '', ...rest] = line.split(/\s+/);
      return { keyword: keyword.toUpperCase(), args: rest.join(' ') };
    });
}

/** Environment entries as a plain env object (valueFrom entries get `sample`). */
export function envObject(entries: readonly EnvEntry[], sample = 'sample'): Record<string, string> {
  return Object.fromEntries(entries.map((entry) => [entry.name, entry.value ?? sample]));
}

/** The Dockerfile HEALTHCHECK's command, as argv (exec form). */
export function dockerHealthcheckArgv(): string[] {
  const healthcheck = dockerfileInstructions().find((line) => line.keyword === 'HEALTHCHECK');
  if (healthcheck === undefined) throw new Error('the Dockerfile has no HEALTHCHECK');
  return JSON.parse(healthcheck.args.slice(healthcheck.args.indexOf('['))) as string[];
}
