/**
 * What a JSON-RPC request is before the SDK sees it: the protocol version its `A2A-Version`
 * header asks for, and a body that is JSON with a JSON-RPC 2.0 envelope (A2A §9, JSON-RPC 2.0
 * §4). The params are the SDK's to judge.
 */
import { A2A_VERSION_HEADER } from '@a2a-js/sdk';
import type { FastifyRequest } from 'fastify';
import { legacyProtocolVersion } from './agent-card.js';
import { wireFailure, type JsonRpcFailure } from './error-mapping.js';

/** A JSON-RPC request id as echoed in the answer; null when the request had none usable. */
export type RequestId = string | number | null;

/** The protocol version a request asks for. */
export interface Version {
  /** The Major.Minor asked for; `0.3` when the header is absent or empty (A2A §3.6.2). */
  readonly requested: string;
  readonly legacy: boolean;
}

/** Reads `A2A-Version` from the header, or else the query parameter of the same name. */
export function versionOf(request: FastifyRequest): Version {
  const header = request.headers[A2A_VERSION_HEADER.toLowerCase()];
  const query = (request.query as Record<string, unknown> | undefined)?.[A2A_VERSION_HEADER];
  const raw =
    (Array.isArray(header) ? header[0] : header) ?? (typeof query === 'string' ? query : '');
  const trimmed = raw.trim();
  // Only Major.Minor counts: 1.0.1 asks for 1.0.
  const requested =
    trimmed === '' ? legacyProtocolVersion : (/^\d+\.\d+/.exec(trimmed)?.[0] ?? trimmed);
  return { requested, legacy: requested === legacyProtocolVersion };
}

/** A request ready for the SDK, or the failure to answer instead; both with the id to echo. */
export type Envelope =
  { body: Record<string, unknown>; id: RequestId } | { failure: JsonRpcFailure; id: RequestId };

/** The content type, the JSON and the JSON-RPC 2.0 envelope; the params are the SDK's to judge. */
export function parseEnvelope(request: FastifyRequest): Envelope {
  const mediaType = request.headers['content-type']?.split(';', 1)[0]?.trim().toLowerCase();
  if (
    mediaType !== undefined &&
    mediaType !== 'application/json' &&
    mediaType !== 'application/a2a+json'
  ) {
    const message = `expected Content-Type application/json, got ${mediaType}`;
    return { failure: wireFailure('contentType', message), id: null };
  }
  let body: unknown;
  try {
    body = JSON.parse(typeof request.body === 'string' ? request.body : '');
  } catch {
    return { failure: wireFailure('parse', 'expected a JSON body, got malformed JSON'), id: null };
  }
  const envelope =
    typeof body === 'object' && body !== null && !Array.isArray(body)
      ? (body as Record<string, unknown>)
      : undefined;
  const id = envelope === undefined ? null : requestIdOf(envelope.id);
  const problem = envelopeProblem(body);
  if (problem !== undefined) return { failure: wireFailure('invalidRequest', problem), id };

  return { body: envelope as Record<string, unknown>, id };
}

function envelopeProblem(body: unknown): string | undefined {
  if (Array.isArray(body)) return 'expected one JSON-RPC request object, got a batch (array)';
  if (typeof body !== 'object' || body === null)
    return `expected a JSON-RPC request object, got ${body === null ? 'null' : typeof body}`;
  const { jsonrpc, method, id, params } = body as Record<string, unknown>;
  if (jsonrpc !== '2.0')
    return `expected "jsonrpc": "2.0", got ${JSON.stringify(jsonrpc) ?? 'nothing'}`;
  if (typeof method !== 'string' || method === '')
    return 'expected "method" to be a non-empty string';
  if (id !== undefined && id !== null && typeof id !== 'string' && !Number.isInteger(id)) {
    return 'expected "id" to be a string, an integer or null';
  }
  if (params !== undefined && (typeof params !== 'object' || params === null)) {
    return 'expected "params" to be an object';
  }
  return undefined;
}

function requestIdOf(value: unknown): RequestId {
  return typeof value === 'string' || (typeof value === 'number' && Number.isInteger(value))
    ? value
    : null;
}
