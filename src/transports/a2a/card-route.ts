/**
 * `GET /.well-known/agent-card.json` (and the same under BASE_PATH): the agent card, with an
 * ETag and Cache-Control so clients and caches revalidate instead of refetching (A2A §8.6).
 * The v1.0 shape goes to clients that send `A2A-Version: 1.0`; the rest get the v0.3 view.
 */
import { createHash } from 'node:crypto';
import { AGENT_CARD_PATH, AgentCard, A2A_VERSION_HEADER } from '@a2a-js/sdk';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { routePrefix } from '../../config/index.js';
import { legacyCardJson } from './agent-card.js';

export interface CardRouteOptions {
  readonly card: AgentCard;
  readonly basePath: string;
  /** `Cache-Control: public, max-age=`; 0 sends `no-cache`. */
  readonly maxAgeSec: number;
}

interface CardBody {
  readonly text: string;
  readonly etag: string;
}

/** Registers the card at the root and, when BASE_PATH is set, under it too. */
export function registerCardRoutes(app: FastifyInstance, options: CardRouteOptions): void {
  const current = cardBody(AgentCard.toJSON(options.card));
  const legacy = cardBody(legacyCardJson(options.card));
  const cacheControl = options.maxAgeSec > 0 ? `public, max-age=${options.maxAgeSec}` : 'no-cache';
  const handler = (request: FastifyRequest, reply: FastifyReply) => {
    const body = wantsCurrent(request) ? current : legacy;
    void reply
      .header('etag', body.etag)
      .header('cache-control', cacheControl)
      .header('vary', A2A_VERSION_HEADER);
    if (matchesEtag(request.headers['if-none-match'], body.etag)) return reply.status(304).send();
    return reply.type('application/json').send(body.text);
  };

  const paths = new Set([`/${AGENT_CARD_PATH}`]);
  paths.add(`${routePrefix(options.basePath)}/${AGENT_CARD_PATH}`);
  for (const path of paths) app.get(path, handler);
}

function cardBody(json: unknown): CardBody {
  const text = JSON.stringify(json);
  const hash = createHash('sha256').update(text).digest('base64url').slice(0, 22);
  return { text, etag: `W/"${hash}"` };
}

/** No header means v0.3 (A2A §3.6.2); any other version still gets the current card. */
function wantsCurrent(request: FastifyRequest): boolean {
  const header = request.headers[A2A_VERSION_HEADER.toLowerCase()];
  const version = (Array.isArray(header) ? header[0] : header)?.trim() ?? '';
  return version !== '' && !version.startsWith('0.');
}

/** RFC 9110 §13.1.2: weak comparison, a list of tags, or `*`. */
function matchesEtag(header: string | undefined, etag: string): boolean {
  if (header === undefined) return false;
  const opaque = (tag: string) => tag.trim().replace(/^W\//, '');
  return header.split(',').some((tag) => tag.trim() === '*' || opaque(tag) === opaque(etag));
}
