/**
 * `POST {BASE_PATH}/a2a/jsonrpc`: the JSON-RPC binding. This file reads the body, checks the
 * envelope and the `A2A-Version` header, and hands the request to the SDK's v1.0 or v0.3
 * transport handler; streaming answers go out as server-sent events that end when the client
 * leaves or the runtime drains. Errors come from error-mapping.ts.
 */
import { A2A_VERSION_HEADER, Extensions, HTTP_EXTENSION_HEADER, type AgentCard } from '@a2a-js/sdk';
import { LEGACY_HTTP_EXTENSION_HEADER } from '@a2a-js/sdk/compat/v0_3';
import { LegacyJsonRpcTransportHandler } from '@a2a-js/sdk/compat/v0_3/server';
import {
  JsonRpcTransportHandler,
  UnauthenticatedUser,
  defaultServerCallContextBuilder,
  validateVersion,
  type A2ARequestHandler,
  type ServerCallContext,
} from '@a2a-js/sdk/server';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { legacyProtocolVersion } from './agent-card.js';
import {
  jsonRpcFailure,
  wireFailure,
  type JsonRpcError,
  type JsonRpcFailure,
} from './error-mapping.js';
import { jsonRpcPath } from './public-urls.js';
import { writeEventStream } from './sse-writer.js';

type RequestId = string | number | null;

interface JsonRpcResponse {
  readonly jsonrpc: string;
  readonly id: RequestId;
  readonly result?: unknown;
  readonly error?: unknown;
}

export interface JsonRpcRouteOptions {
  readonly card: AgentCard;
  readonly requestHandler: A2ARequestHandler;
  /** Aborts when the runtime drains; open streams end then. */
  readonly drain: AbortSignal;
}

/** Registers the route on an app already scoped to BASE_PATH. */
export function registerJsonRpcRoute(app: FastifyInstance, options: JsonRpcRouteOptions): void {
  const current = new JsonRpcTransportHandler(options.requestHandler);
  const legacy = new LegacyJsonRpcTransportHandler(options.requestHandler);

  // The body arrives as text: malformed JSON is a JSON-RPC parse error, not fastify's 400.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'string' }, (_request, body, done) => {
    done(null, body);
  });
  app.setErrorHandler((error: FastifyError, request, reply) => {
    return sendFailure(request, reply, requestFailure(error, request), null, error);
  });

  app.post(jsonRpcPath, async (request, reply) => {
    const version = versionOf(request);
    const parsed = parseEnvelope(request);
    if ('failure' in parsed) return sendFailure(request, reply, parsed.failure, parsed.id);

    const context = callContext(request, version);
    try {
      validateVersion(context.requestedVersion, options.card, 'JSONRPC');
    } catch (error) {
      return sendFailure(request, reply, jsonRpcFailure(error, version.legacy), parsed.id);
    }
    const handler = version.legacy ? legacy : current;
    const answer = await handler.handle(parsed.body, context);
    setExtensionsHeader(reply, context, version.legacy);
    if (isAsyncIterable(answer)) {
      return streamAnswer(request, reply, answer, { id: parsed.id, ...options, ...version });
    }
    return sendAnswer(request, reply, answer);
  });
}

/** What fastify refused before the handler ran: a body too large, a broken upload. */
function requestFailure(error: FastifyError, request: FastifyRequest): JsonRpcFailure {
  if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
    const limit = request.routeOptions.bodyLimit ?? 0;
    return wireFailure('bodyTooLarge', `expected a body of at most ${limit} bytes`);
  }
  const status = error.statusCode ?? 500;
  if (status >= 400 && status < 500) return wireFailure('invalidRequest', error.message);
  return jsonRpcFailure(error, versionOf(request).legacy);
}

interface Version {
  /** The Major.Minor asked for; `0.3` when the header is absent or empty (A2A §3.6.2). */
  readonly requested: string;
  readonly legacy: boolean;
}

function versionOf(request: FastifyRequest): Version {
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

type Envelope =
  { body: Record<string, unknown>; id: RequestId } | { failure: JsonRpcFailure; id: RequestId };

/** The content type, the JSON and the JSON-RPC 2.0 envelope; the params are the SDK's to judge. */
function parseEnvelope(request: FastifyRequest): Envelope {
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

function callContext(request: FastifyRequest, version: Version): ServerCallContext {
  const extensionHeader = version.legacy
    ? (request.headers[LEGACY_HTTP_EXTENSION_HEADER.toLowerCase()] ??
      request.headers[HTTP_EXTENSION_HEADER.toLowerCase()])
    : request.headers[HTTP_EXTENSION_HEADER.toLowerCase()];
  return defaultServerCallContextBuilder({
    extensions: Extensions.parseServiceParameter(
      Array.isArray(extensionHeader) ? extensionHeader.join(',') : extensionHeader
    ),
    user: new UnauthenticatedUser(),
    headers: request.headers,
    requestedVersion: version.requested,
  });
}

function setExtensionsHeader(
  reply: FastifyReply,
  context: ServerCallContext,
  legacy: boolean
): void {
  const activated = context.activatedExtensions;
  if (activated === undefined || activated.length === 0) return;
  void reply.header(
    legacy ? LEGACY_HTTP_EXTENSION_HEADER : HTTP_EXTENSION_HEADER,
    activated.join(',')
  );
}

/** A single answer; an internal error inside it is logged and replaced by a generic one. */
function sendAnswer(
  request: FastifyRequest,
  reply: FastifyReply,
  answer: JsonRpcResponse
): FastifyReply {
  const error = answer.error as JsonRpcError | undefined;
  if (error !== undefined && error.code === -32603) {
    const failure = jsonRpcFailure(new Error(error.message), false);
    return sendFailure(request, reply, failure, answer.id, error);
  }
  return reply.status(200).type('application/json').send(answer);
}

function sendFailure(
  request: FastifyRequest,
  reply: FastifyReply,
  failure: JsonRpcFailure,
  id: RequestId,
  cause?: unknown
): FastifyReply {
  if (failure.serverFault)
    request.log.error({ err: cause, code: failure.error.code }, 'a2a request failed');
  else
    request.log.info(
      { code: failure.error.code, reason: failure.error.message },
      'a2a request rejected'
    );
  return reply
    .status(failure.httpStatus)
    .type('application/json')
    .send({ jsonrpc: '2.0', id, error: failure.error });
}

interface StreamOptions {
  readonly id: RequestId;
  readonly drain: AbortSignal;
  readonly legacy: boolean;
}

/**
 * Sends a stream: an error before the first event is a plain JSON-RPC answer, as the SDK's own
 * server does; after it, an `error` event ends the stream.
 */
async function streamAnswer(
  request: FastifyRequest,
  reply: FastifyReply,
  answer: AsyncGenerator<JsonRpcResponse, void, undefined>,
  options: StreamOptions
): Promise<FastifyReply> {
  let first: IteratorResult<JsonRpcResponse, void>;
  try {
    first = await answer.next();
  } catch (error) {
    return sendFailure(request, reply, jsonRpcFailure(error, options.legacy), options.id, error);
  }

  await writeEventStream({
    request,
    reply,
    first,
    rest: answer,
    drain: options.drain,
    errorEvent: (error) => {
      const failure = jsonRpcFailure(error, options.legacy);
      if (failure.serverFault) request.log.error({ err: error }, 'a2a stream failed');
      return { jsonrpc: '2.0', id: options.id, error: failure.error };
    },
  });
  return reply;
}

function isAsyncIterable(
  value: unknown
): value is AsyncGenerator<JsonRpcResponse, void, undefined> {
  return typeof (value as Record<symbol, unknown> | null)?.[Symbol.asyncIterator] === 'function';
}
