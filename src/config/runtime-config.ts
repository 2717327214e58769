import type { LogLevel } from './settings/logging.js';
import type { PackageUrl } from './package-url.js';

/**
 * The resolved configuration every other module receives: every field present, durations in
 * milliseconds, sizes in bytes, frozen. Built once by `loadConfig`.
 */
export interface RuntimeConfig {
  readonly agentAppId: string;
  readonly deploymentId: string | undefined;
  readonly packageSource: {
    readonly path: string | undefined;
    readonly url: PackageUrl | undefined;
    readonly sha256: string | undefined;
    readonly maxPackageBytes: number;
  };
  /** Limits on unpacking an `.apkg`, enforced on the bytes actually inflated. */
  readonly archive: {
    readonly maxEntries: number;
    readonly maxExtractedBytes: number;
    readonly maxCompressionRatio: number;
  };
  /** How a PACKAGE_URL download runs. */
  readonly packageFetch: {
    /** The whole download, every attempt and wait included. */
    readonly timeoutMs: number;
    /** No bytes for this long ends an attempt as a (transient) stall. */
    readonly stallTimeoutMs: number;
  };
  readonly aws: {
    readonly region: string | undefined;
    readonly s3Bucket: string | undefined;
    readonly s3Endpoint: string | undefined;
    readonly s3ForcePathStyle: boolean;
    /** The SDK's request and response checksum mode; `when_required` suits s3rver and others. */
    readonly s3ChecksumMode: 'when_supported' | 'when_required';
  };
  readonly surfaces: {
    readonly bindHost: string;
    readonly restPort: number;
    readonly a2aPort: number;
    readonly uiPort: number;
    readonly multiplexed: boolean;
    readonly basePath: string;
    readonly grpcEnabled: boolean;
    readonly maxRequestBodyBytes: number;
  };
  readonly grpc: {
    /** The largest gRPC message received or sent, in bytes. */
    readonly maxMessageBytes: number;
  };
  /** The open A2A protocol (agent card, JSON-RPC, the A2A gRPC service). */
  readonly a2a: {
    /** The REST port's URL as clients see it (no trailing slash); undefined: derived locally. */
    readonly publicUrl: string | undefined;
    /** `host:port` of the gRPC surface as clients see it; undefined: derived locally. */
    readonly publicGrpcUrl: string | undefined;
    readonly cardMaxAgeSec: number;
    readonly taskTtlMs: number;
    readonly maxTasks: number;
  };
  readonly boot: {
    readonly budgetMs: number;
    readonly hardLimitMultiplier: number;
    readonly startupTimeoutMs: number;
    readonly failureCount: number;
  };
  readonly shutdown: {
    readonly graceMs: number;
    readonly drainDelayMs: number;
    /** How long the agent's `shutdown` hook may run before the sequence moves on. */
    readonly agentShutdownTimeoutMs: number;
  };
  readonly logging: {
    readonly level: LogLevel;
    readonly format: 'json' | 'pretty';
  };
  readonly storage: {
    readonly cacheDir: string | undefined;
    readonly stateDir: string | undefined;
  };
  readonly install: InstallSettings;
}

/** How an agent's npm dependencies are installed (see docs/dependencies.md). */
export interface InstallSettings {
  /** Whether a package that asks for install scripts (node.install_scripts) may run them. */
  readonly allowScripts: boolean;
  /** Fetch nothing from a registry: what is not in the caches is a boot failure. */
  readonly offline: boolean;
  readonly timeoutMs: number;
  /** An explicit npm (npm-cli.js or an executable); found next to node or on PATH otherwise. */
  readonly npmCli: string | undefined;
}
