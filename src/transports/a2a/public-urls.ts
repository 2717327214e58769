/**
 * The URLs the agent card tells clients to dial. Behind a load balancer only the control plane
 * knows them (A2A_PUBLIC_URL, A2A_PUBLIC_GRPC_URL); for local runs they are derived from the
 * listening address.
 */
import { routePrefix, type RuntimeConfig } from '../../config/index.js';

/** Where JSON-RPC is served, below BASE_PATH on the REST port. */
export const jsonRpcPath = '/a2a/jsonrpc';

export interface PublicUrls {
  /** The JSON-RPC endpoint, e.g. `https://agents.example.com/base/a2a/jsonrpc`. */
  readonly jsonRpc: string;
  /** The gRPC target as `host:port`, or undefined when no gRPC surface is served. */
  readonly grpc: string | undefined;
}

/** The externally visible URLs of both A2A bindings for this configuration. */
export function publicUrls(config: RuntimeConfig): PublicUrls {
  const { restPort, a2aPort, basePath, grpcEnabled } = config.surfaces;
  const host = localHost(config.surfaces.bindHost);
  const restRoot = config.a2a.publicUrl ?? `http://${host}:${restPort}`;

  return {
    jsonRpc: `${restRoot}${routePrefix(basePath)}${jsonRpcPath}`,
    grpc: grpcEnabled ? (config.a2a.publicGrpcUrl ?? `${host}:${a2aPort}`) : undefined,
  };
}

/** A wildcard bind address is no address to dial; a specific one is. */
function localHost(bindHost: string): string {
  if (bindHost === '::' || bindHost === '0.0.0.0') return 'localhost';
  return bindHost.includes(':') ? `[${bindHost}]` : bindHost;
}
