import { RuntimeError, errorMessageOf } from '../errors/index.js';

export interface ListeningAddress {
  host: string;
  port: number;
}

/**
 * Listens on `host`; when that is the IPv6 wildcard and the machine has no IPv6, falls back to
 * the IPv4 wildcard. A port already taken becomes PAR_ERR_SERVE_PORT_IN_USE.
 */
export async function listenWithFallback(
  listen: (host: string) => Promise<void>,
  host: string,
  port: number,
  surface: string
): Promise<ListeningAddress> {
  try {
    await listen(host);
    return { host, port };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (host === '::' && (code === 'EAFNOSUPPORT' || code === 'EADDRNOTAVAIL')) {
      return listenWithFallback(listen, '0.0.0.0', port, surface);
    }
    if (code === 'EADDRINUSE') {
      throw new RuntimeError(
        'PAR_ERR_SERVE_PORT_IN_USE',
        `${surface}: expected port ${port} to be free, but another process listens on it`,
        { cause: error, details: { surface, port } }
      );
    }
    throw new RuntimeError(
      'PAR_ERR_SERVE_LISTEN_FAILED',
      `${surface}: could not listen on ${host}:${port}: ${errorMessageOf(error)}`,
      { cause: error, details: { surface, port, host } }
    );
  }
}
