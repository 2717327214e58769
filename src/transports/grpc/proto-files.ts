/**
 * Where the .proto files this surface serves live, and loading them with proto-loader at run
 * time. Our own `proto/agent.proto` sits at the package root, found by walking up from this
 * module so the same code works from `src/` (tests through tsx) and `dist/src/` (the built CLI).
 * The health and reflection protos come with their libraries.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import { protoPath as healthProto } from 'grpc-health-check';

/** The fully qualified name of the Pixell agent service. */
export const agentServiceName = 'pixell.agent.AgentService';
export const healthServiceName = 'grpc.health.v1.Health';

/**
 * How proto-loader turns messages into JS objects here: field names exactly as in the .proto
 * (`request_id`), int64 as numbers (every int64 we use is milliseconds), defaults filled in.
 */
export const protoLoaderOptions: protoLoader.Options = {
  keepCase: true,
  longs: Number,
  enums: String,
  defaults: true,
  oneofs: true,
};

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);

/** `proto/agent.proto` of this package: three levels up from src/, four from dist/src/. */
export function findAgentProto(): string {
  for (const relative of ['../../..', '../../../..']) {
    const candidate = path.resolve(here, relative, 'proto/agent.proto');
    if (existsSync(candidate)) return candidate;
  }
  throw new Error(`Bug: proto/agent.proto not found above ${here}; the package is incomplete`);
}

/** A .proto file as `import` statements name it, and the folder those names start from. */
interface ProtoFile {
  readonly name: string;
  readonly root: string;
}

function agentProtoFile(): ProtoFile {
  const file = findAgentProto();
  return { name: path.basename(file), root: path.dirname(file) };
}

/** `health/v1/health.proto`, as grpc-health-check ships it. */
function healthProtoFile(): ProtoFile {
  return { name: 'health/v1/health.proto', root: path.resolve(path.dirname(healthProto), '../..') };
}

/** The reflection protos that @grpc/reflection serves, so reflection lists itself too. */
function reflectionProtoFiles(): ProtoFile[] {
  const root = path.join(
    path.dirname(require.resolve('@grpc/reflection/package.json')),
    'build/proto'
  );
  return ['v1', 'v1alpha'].map((version) => ({
    name: `grpc/reflection/${version}/reflection.proto`,
    root,
  }));
}

function loadProto(file: ProtoFile): Promise<protoLoader.PackageDefinition> {
  return protoLoader.load(file.name, { ...protoLoaderOptions, includeDirs: [file.root] });
}

/** Everything the surface needs from its .proto files, loaded once per process. */
export interface LoadedProtos {
  /** AgentService's method table, ready for `server.addService`. */
  readonly agentService: grpc.ServiceDefinition;
  /** grpc.health.v1.Health's method table. */
  readonly healthService: grpc.ServiceDefinition;
  /** The package definitions of every file served, for reflection. */
  readonly reflected: protoLoader.PackageDefinition;
}

let loading: Promise<LoadedProtos> | undefined;

/** Loads agent.proto and the health and reflection protos (cached after the first call). */
export function loadProtos(): Promise<LoadedProtos> {
  loading ??= loadAll();
  return loading;
}

async function loadAll(): Promise<LoadedProtos> {
  const agent = await loadProto(agentProtoFile());
  const health = await loadProto(healthProtoFile());
  const reflection = await Promise.all(reflectionProtoFiles().map(loadProto));
  return {
    agentService: agent[agentServiceName] as grpc.ServiceDefinition,
    healthService: health[healthServiceName] as grpc.ServiceDefinition,
    reflected: Object.assign({}, agent, health, ...reflection) as protoLoader.PackageDefinition,
  };
}
