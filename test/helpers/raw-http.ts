/**
 * HTTP requests whose path goes on the wire exactly as written (no URL parsing, no dot-segment
 * removal, no re-encoding), for containment tests; and one over a bare TCP socket for bytes
 * node:http refuses to send (a NUL in the path).
 */
import http from 'node:http';
import { connect } from 'node:net';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';

export interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  /** The body as received (still compressed when content-encoding says so). */
  body: Buffer;
}

/** One request on loopback with the path sent verbatim. */
export function rawRequest(
  port: number,
  path: string,
  options: { method?: string; headers?: Record<string, string> } = {}
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const request = http.request(
      {
        host: '127.0.0.1',
        port,
        path,
        method: options.method ?? 'GET',
        headers: options.headers,
        agent: false,
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () =>
          resolve({
            status: response.statusCode ?? 0,
            headers: response.headers,
            body: Buffer.concat(chunks),
          })
        );
        response.on('error', reject);
      }
    );
    request.on('error', reject);
    request.end();
  });
}

/** The body decoded as its content-encoding says (br, gzip or none), as text. */
export function decodedText(response: RawResponse): string {
  const encoding = response.headers['content-encoding'];
  if (encoding === 'br') return brotliDecompressSync(response.body).toString('utf8');
  if (encoding === 'gzip') return gunzipSync(response.body).toString('utf8');
  return response.body.toString('utf8');
}

/** Writes `requestLine` and a Host header on a bare socket; resolves with everything read. */
export function socketRequest(port: number, requestLine: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port });
    const chunks: Buffer[] = [];
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('end', () => resolve(Buffer.concat(chunks).toString('latin1')));
    socket.on('error', reject);
    socket.write(
      `${requestLine}\r\nHost: 127.0.0.1:${port}\r\nConnection: close\r\n\r\n`,
      'latin1'
    );
  });
}
