import http from 'node:http';
import { connect } from 'node:net';

export interface CallResult {
  /** The HTTP status, or undefined when the connection failed or was cut. */
  status: number | undefined;
  body: string;
  headers: http.IncomingHttpHeaders;
  /** The error code when no complete answer arrived (ECONNRESET, ECONNREFUSED, ...). */
  error: string | undefined;
  /** Date.now() when the answer (or the error) arrived. */
  at: number;
}

/**
 * One HTTP/1.1 request on loopback with node:http, never rejecting: failures come back as
 * `error`. Pass a keep-alive agent to reuse connections as load balancers do; without one each
 * call opens its own connection.
 */
export function call(
  port: number,
  path: string,
  options: { method?: string; json?: unknown; agent?: http.Agent; signal?: AbortSignal } = {}
): Promise<CallResult> {
  const payload = options.json === undefined ? undefined : JSON.stringify(options.json);
  return new Promise((resolve) => {
    const done = (result: Omit<CallResult, 'at'>) => resolve({ ...result, at: Date.now() });
    const request = http.request(
      {
        host: '127.0.0.1',
        port,
        path,
        method: options.method ?? (payload === undefined ? 'GET' : 'POST'),
        agent: options.agent ?? false,
        signal: options.signal,
        headers: payload === undefined ? {} : { 'content-type': 'application/json' },
      },
      (response) => {
        let body = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (body += chunk));
        response.on('end', () =>
          done({ status: response.statusCode, body, headers: response.headers, error: undefined })
        );
        response.on('error', (error: NodeJS.ErrnoException) =>
          done({ status: undefined, body, headers: response.headers, error: error.code ?? 'error' })
        );
      }
    );
    request.on('error', (error: NodeJS.ErrnoException) =>
      done({ status: undefined, body: '', headers: {}, error: error.code ?? error.message })
    );
    request.end(payload);
  });
}

/** Whether a new TCP connection to the port is refused right now. */
export function connectionRefused(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', (error: NodeJS.ErrnoException) => {
      socket.destroy();
      resolve(error.code === 'ECONNREFUSED');
    });
  });
}

/** Polls until `check` is true; rejects with `what` after `timeoutMs`. */
export async function waitUntil(
  check: () => Promise<boolean> | boolean,
  what: string,
  timeoutMs = 15_000,
  intervalMs = 25
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
