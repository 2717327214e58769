import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export const requestIdHeader = 'x-request-id';

/** Ids we accept from callers: short, printable, nothing a log parser could trip over. */
const saneRequestId = /^[A-Za-z0-9._:@\-]{1,128}$/;

/** Keeps a sane incoming `x-request-id`, otherwise makes one. */
export function requestIdFor(request: IncomingMessage): string {
  const incoming = request.headers[requestIdHeader];
  const value = Array.isArray(incoming) ? incoming[0] : incoming;
  return value !== undefined && saneRequestId.test(value) ? value : randomUUID();
}

export function isSaneRequestId(value: string): boolean {
  return saneRequestId.test(value);
}
