import type { Client } from '@grpc/grpc-js';
import { Agent } from '../../src/agent/index.js';
import { loadConfig } from '../../src/config/index.js';
import { Lifecycle } from '../../src/lifecycle/index.js';
import { readManifest } from '../../src/package/index.js';
import type { RequestObserver } from '../../src/telemetry/index.js';
import {
  createGrpcSurface,
  type GrpcServiceRegistration,
  type GrpcSurface,
} from '../../src/transports/grpc/index.js';
import { agentClient } from './grpc-client.js';
import { freePort } from './ports.js';
import { capturingLogger, type LogCapture } from './rest-harness.js';

export interface GrpcHarness {
  /** `host:port` to dial. */
  address: string;
  port: number;
  lifecycle: Lifecycle;
  surface: GrpcSurface;
  logs: LogCapture;
  /** An AgentService client from our proto; closed by `close`. */
  client: Client;
  /** Tracks another client, so `close` closes it too. */
  track<T extends Client>(client: T): T;
  close(graceMs?: number): Promise<void>;
}

export interface GrpcHarnessOptions {
  env?: Record<string, string>;
  /** Where to bind; 127.0.0.1 unless told. */
  bindHost?: string;
  /** Moves the lifecycle to READY once listening (the default). */
  ready?: boolean;
  services?: readonly GrpcServiceRegistration[];
  metrics?: RequestObserver;
}

/** A gRPC surface built as the lifecycle builds it, not yet listening. */
export interface BuiltGrpcSurface {
  surface: GrpcSurface;
  lifecycle: Lifecycle;
  logs: LogCapture;
  port: number;
  bindHost: string;
}

/** Builds the gRPC surface for a package folder with the real agent loader and lifecycle. */
export async function buildGrpcSurface(
  packageDir: string,
  options: GrpcHarnessOptions & { port?: number } = {}
): Promise<BuiltGrpcSurface> {
  const port = options.port ?? (await freePort());
  const bindHost = options.bindHost ?? '127.0.0.1';
  const { config } = loadConfig({
    AGENT_APP_ID: 'test-agent',
    A2A_PORT: String(port),
    BIND_HOST: bindHost,
    ...options.env,
  });
  const { logger, logs } = capturingLogger(config.agentAppId);
  const manifest = await readManifest(packageDir);
  const pkg = {
    root: packageDir,
    manifest,
    origin: packageDir,
    sha256: undefined,
    cleanup: () => Promise.resolve(),
  };
  const agent = await Agent.load(pkg, { agentId: config.agentAppId, logger });
  const lifecycle = new Lifecycle(logger);
  const surface = await createGrpcSurface({
    config,
    agent,
    status: lifecycle,
    logger,
    runtimeVersion: '0.0.0-test',
    services: options.services,
    metrics: options.metrics,
  });
  return { surface, lifecycle, logs, port, bindHost };
}

/**
 * The gRPC surface in this process, serving a package folder on a free loopback port, with
 * the real agent loader and lifecycle, and every log line captured.
 */
export async function startGrpcHarness(
  packageDir: string,
  options: GrpcHarnessOptions = {}
): Promise<GrpcHarness> {
  const { surface, lifecycle, logs, port, bindHost } = await buildGrpcSurface(packageDir, options);
  await surface.listen();
  lifecycle.markListening('a2a', true);
  if (options.ready !== false) lifecycle.transition('READY');

  const host = bindHost.includes(':') ? `[${bindHost}]` : bindHost;
  const address = `${host}:${port}`;
  const clients: Client[] = [];
  const track = <T extends Client>(client: T): T => {
    clients.push(client);
    return client;
  };
  return {
    address,
    port,
    lifecycle,
    surface,
    logs,
    client: track(agentClient(address)),
    track,
    close: async (graceMs = 1000) => {
      for (const client of clients) client.close();
      await surface.close(graceMs);
    },
  };
}

/** Polls `condition` until it holds; fails after `timeoutMs` with `what` in the message. */
export async function eventually(
  condition: () => boolean,
  what: string,
  timeoutMs = 10_000
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
