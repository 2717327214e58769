/**
 * `POST {BASE_PATH}/a2a/jsonrpc`: the JSON-RPC binding. This file reads the body, checks the
 * envelope and the `A2A-Version` header, and hands the request to the SDK's v1.0 or v0.3
 * transport handler; streaming answers go out as server-sent events that end when the client
 * leaves or the runtime drains. Errors come from error-mapping.ts.
 */
import { Extensions, HTTP_EXTENSION_HEADER, type AgentCard } from '@a2a-js/sdk';
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
import { A2A_ERROR_CODE } from '@a2a-js/sdk/errors';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { isAsyncIterable } from '../../agent/index.js';
import {
  jsonRpcFailure,
  wireFailure,
  type JsonRpcError,
  type JsonRpcFailure,
} from './error-mapping.js';
import { parseEnvelope, versionOf, type RequestId, type Version } from './jsonrpc-envelope.js';
import { jsonRpcPath } from './public-urls.js';
import { writeEventStream } from './sse-writer.js';

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
      const stream = answer as AsyncGenerator<JsonRpcResponse, void, undefined>;
      return streamAnswer(request, reply, stream, { id: parsed.id, ...options, ...version });
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
  if (error !== undefined && error.code === A2A_ERROR_CODE.INTERNAL_ERROR) {
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
  const { code, message } = failure.error;
  if (failure.serverFault) request.log.error({ err: cause, code }, 'a2a request failed');
  else request.log.info({ code, reason: message }, 'a2a request rejected');

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
