/**
 * Real grpc-js clients for the tests, built at run time from a .proto file (ours, or the
 * Python PAR's), with promise helpers that also hand back response headers and trailers.
 */
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import path from 'node:path';
import { repoRoot } from './paths.js';

export const agentProto = path.join(repoRoot, 'proto/agent.proto');
export const pythonAgentProto = path.join(repoRoot, 'test/fixtures/python-proto/agent.proto');

export const loaderOptions: protoLoader.Options = {
  keepCase: true,
  longs: Number,
  enums: String,
  defaults: true,
  oneofs: true,
};

/** Loads a .proto and returns the package definition (for serializers) and the client class. */
export function loadService(
  protoFile: string,
  serviceName: string,
  includeDirs: string[] = []
): { definition: protoLoader.PackageDefinition; Client: grpc.ServiceClientConstructor } {
  const definition = protoLoader.loadSync(protoFile, { ...loaderOptions, includeDirs });
  let node: unknown = grpc.loadPackageDefinition(definition);
  for (const part of serviceName.split('.')) node = (node as Record<string, unknown>)[part];
  return { definition, Client: node as grpc.ServiceClientConstructor };
}

/** An AgentService client from our proto (default) or the Python PAR's. */
export function agentClient(address: string, protoFile = agentProto): grpc.Client {
  const { Client } = loadService(protoFile, 'pixell.agent.AgentService');
  return new Client(address, grpc.credentials.createInsecure());
}

export interface CallOptions {
  metadata?: grpc.Metadata;
  /** Milliseconds from now. */
  deadlineMs?: number;
  /** Receives the call object, e.g. to cancel it. */
  onCall?: (call: grpc.ClientUnaryCall) => void;
}

export interface UnaryAnswer<T> {
  response: T;
  headers: grpc.Metadata;
  trailers: grpc.Metadata;
}

type UnaryMethod = (
  request: unknown,
  metadata: grpc.Metadata,
  options: grpc.CallOptions,
  callback: (error: grpc.ServiceError | null, value?: unknown) => void
) => grpc.ClientUnaryCall;

/** One unary call; rejects with the grpc-js ServiceError (code, details, metadata). */
export function unary<T>(
  client: grpc.Client,
  method: string,
  request: unknown = {},
  options: CallOptions = {}
): Promise<UnaryAnswer<T>> {
  const fn = (client as unknown as Record<string, UnaryMethod>)[method];
  if (fn === undefined) throw new Error(`the client has no method ${method}`);
  return new Promise((resolve, reject) => {
    let headers = new grpc.Metadata();
    let response: unknown;
    let answered = false;
    let trailers: grpc.Metadata | undefined;
    const settle = () => {
      if (answered && trailers) resolve({ response: response as T, headers, trailers });
    };
    const call = fn.call(
      client,
      request,
      options.metadata ?? new grpc.Metadata(),
      callOptionsOf(options),
      (error, value) => {
        if (error) return reject(error);
        response = value;
        answered = true;
        settle();
      }
    );
    options.onCall?.(call);
    call.on('metadata', (received: grpc.Metadata) => (headers = received));
    call.on('status', (status: grpc.StatusObject) => {
      trailers = status.metadata;
      settle();
    });
  });
}

type StreamMethod = (
  request: unknown,
  metadata: grpc.Metadata,
  options: grpc.CallOptions
) => grpc.ClientReadableStream<unknown>;

/** Starts a server-streaming call. */
export function serverStream(
  client: grpc.Client,
  method: string,
  request: unknown,
  options: CallOptions = {}
): grpc.ClientReadableStream<unknown> {
  const fn = (client as unknown as Record<string, StreamMethod>)[method];
  if (fn === undefined) throw new Error(`the client has no method ${method}`);
  return fn.call(client, request, options.metadata ?? new grpc.Metadata(), callOptionsOf(options));
}

export interface StreamOutcome<T> {
  messages: T[];
  status: grpc.StatusObject;
}

/** Reads a stream to its end and returns every message and the final status. */
export function collectStream<T>(
  stream: grpc.ClientReadableStream<unknown>
): Promise<StreamOutcome<T>> {
  return new Promise((resolve) => {
    const messages: T[] = [];
    stream.on('data', (message: T) => messages.push(message));
    stream.on('error', () => undefined);
    stream.on('status', (status: grpc.StatusObject) => resolve({ messages, status }));
  });
}

function callOptionsOf(options: CallOptions): grpc.CallOptions {
  return options.deadlineMs === undefined ? {} : { deadline: Date.now() + options.deadlineMs };
}

export function metadataWith(entries: Record<string, string>): grpc.Metadata {
  const metadata = new grpc.Metadata();
  for (const [key, value] of Object.entries(entries)) metadata.set(key, value);
  return metadata;
}
