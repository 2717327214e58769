/**
 * A real HTTPS server on loopback whose routes the tests script: well-behaved bodies, resets,
 * stalls, lying Content-Lengths, error statuses and redirects. Every request is recorded with
 * its full URL, so tests can count requests and check query strings were sent.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { TestCertificates } from './test-certificates.js';

export type FaultHandler = (request: IncomingMessage, response: ServerResponse) => void;

export interface RecordedRequest {
  method: string;
  /** Path and query, as received. */
  url: string;
}

export class FaultServer {
  readonly requests: RecordedRequest[] = [];
  private readonly routes = new Map<string, FaultHandler>();
  private readonly server: Server;

  private constructor(certificates: TestCertificates) {
    this.server = createServer({ cert: certificates.certPem, key: certificates.keyPem });
    this.server.on('request', (request: IncomingMessage, response: ServerResponse) => {
      const url = request.url ?? '/';
      this.requests.push({ method: request.method ?? '', url });
      const handler = this.routes.get(url.split('?')[0] ?? url);
      if (handler) handler(request, response);
      else response.writeHead(404).end('no such route');
    });
  }

  /** Starts on 127.0.0.1 and a free port. */
  static async start(certificates: TestCertificates): Promise<FaultServer> {
    const server = new FaultServer(certificates);
    await new Promise<void>((resolve) => server.server.listen(0, '127.0.0.1', resolve));
    return server;
  }

  get origin(): string {
    const { port } = this.server.address() as AddressInfo;
    return `https://127.0.0.1:${port}`;
  }

  /** Serves `path` (no query) with `handler`; returns the full https URL of the path. */
  route(path: string, handler: FaultHandler): string {
    this.routes.set(path, handler);
    return `${this.origin}${path}`;
  }

  /** Requests whose path (without query) is `path`. */
  requestsTo(path: string): RecordedRequest[] {
    return this.requests.filter((request) => request.url.split('?')[0] === path);
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

/** Answers 200 with `body` and its true Content-Length. */
export function serveBytes(body: Buffer): FaultHandler {
  return (_request, response) => {
    response.writeHead(200, { 'content-length': body.length });
    response.end(body);
  };
}

/** Answers `status` (with extra headers) and a short body. */
export function serveStatus(status: number, headers: Record<string, string> = {}): FaultHandler {
  return (_request, response) => {
    response.writeHead(status, headers);
    response.end(`status ${status}`);
  };
}

/** Answers the handlers in turn, one per request; the last one answers every later request. */
export function inTurn(...handlers: FaultHandler[]): FaultHandler {
  let next = 0;
  return (request, response) => {
    const handler = handlers[Math.min(next, handlers.length - 1)] as FaultHandler;
    next += 1;
    handler(request, response);
  };
}
