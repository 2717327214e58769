import { randomUUID } from 'node:crypto';
import type { Metadata } from '@grpc/grpc-js';

/** The metadata key that carries a call's request id, both ways (as the REST header does). */
export const requestIdKey = 'x-request-id';

/** Ids we accept from callers: the REST surface's rule, so an id means the same on both. */
const saneRequestId = /^[A-Za-z0-9._:@\-]{1,128}$/;

export function isSaneRequestId(value: unknown): value is string {
  return typeof value === 'string' && saneRequestId.test(value);
}

/** The caller's sane `x-request-id` metadata value, or a new id. */
export function requestIdFromMetadata(metadata: Metadata): string {
  const [value] = metadata.get(requestIdKey);
  return isSaneRequestId(value) ? value : randomUUID();
}
