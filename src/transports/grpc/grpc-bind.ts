/**
 * Binding the gRPC server to BIND_HOST:A2A_PORT. grpc-js reports a failed bind as one Error
 * whose message lists the socket errors; the errno code is read back out of it so the shared
 * `listenWithFallback` can map a taken port to PAR_ERR_SERVE_PORT_IN_USE and fall back from
 * `::` to `0.0.0.0` on hosts without IPv6.
 */
import { ServerCredentials, type Server } from '@grpc/grpc-js';

/** `host:port` as grpc-js wants it: IPv6 literals in brackets. */
export function grpcAddress(host: string, port: number): string {
  return host.includes(':') && !host.startsWith('[') ? `[${host}]:${port}` : `${host}:${port}`;
}

/** Binds `server` (plaintext: TLS ends at the load balancer); resolves with the bound port. */
export function bindServer(server: Server, host: string, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.bindAsync(grpcAddress(host, port), ServerCredentials.createInsecure(), (error, bound) =>
      error ? reject(withErrnoCode(error)) : resolve(bound)
    );
  });
}

const errnoCode = /\b(E[A-Z]{3,})\b/;

function withErrnoCode(error: Error): NodeJS.ErrnoException {
  const code = errnoCode.exec(error.message)?.[1];
  return Object.assign(error, code === undefined ? {} : { code });
}
