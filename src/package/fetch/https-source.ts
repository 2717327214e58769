/**
 * PACKAGE_URL=https://...: one GET with Node's built-in fetch, redirects followed by hand so
 * that each hop is checked (https only, no loops, at most `maxRedirects`). TLS is verified by
 * Node against its CA store plus NODE_EXTRA_CA_CERTS; nothing here can turn that off.
 */
import { describePackageUrl } from '../../config/index.js';
import { RuntimeError } from '../../errors/index.js';
import type { OpenContext, OpenedBody, PackageSource } from './source.js';
import { TransientFault } from './transient-fault.js';

/** Redirects followed before the download is refused: enough for a CDN hop or two. */
export const maxRedirects = 5;

const redirectStatuses = new Set([301, 302, 303, 307, 308]);
const transientStatuses = new Set([408, 425, 429]);

/** A source that downloads `url`; its query string is sent but never shown. */
export function httpsSource(url: URL): PackageSource {
  const description = describe(url);

  return {
    description,
    logFields: { source: description, host: url.host },
    open: (context) => openFollowingRedirects(url, context),
  };
}

async function openFollowingRedirects(url: URL, context: OpenContext): Promise<OpenedBody> {
  const visited = new Set<string>([url.href]);
  let current = url;

  for (let redirects = 0; ; redirects += 1) {
    const response = await fetch(current, {
      redirect: 'manual',
      signal: context.signal,
      // The size cap and the Content-Length check count the bytes on the wire.
      headers: { 'accept-encoding': 'identity' },
    });
    context.onProgress();

    if (!redirectStatuses.has(response.status)) return bodyOf(response, current);
    await response.body?.cancel();
    current = nextHop(current, response, { redirects, visited });
    visited.add(current.href);
  }
}

function nextHop(
  from: URL,
  response: Response,
  hops: { redirects: number; visited: Set<string> }
): URL {
  const refuse = (got: string) =>
    new RuntimeError(
      'PAR_ERR_PACKAGE_REDIRECT_REFUSED',
      `expected ${describe(from)} to lead to an https:// URL in at most ${maxRedirects} ` +
        `redirects, got ${got}`
    );
  const location = response.headers.get('location');
  if (location === null) throw refuse(`HTTP ${response.status} without a Location`);

  const target = URL.canParse(location, from.href) ? new URL(location, from) : undefined;
  if (target === undefined) throw refuse('a Location that is not a URL');
  if (target.protocol !== 'https:') {
    throw refuse(`a redirect to ${target.protocol}//${target.host}${target.pathname}`);
  }
  if (hops.visited.has(target.href)) throw refuse(`a redirect loop back to ${describe(target)}`);
  if (hops.redirects + 1 > maxRedirects) throw refuse(`a ${maxRedirects + 1}th redirect`);

  return target;
}

function bodyOf(response: Response, url: URL): OpenedBody {
  const { status } = response;
  if (status === 200) {
    return { body: response.body ?? emptyBody(), declaredBytes: contentLength(response) };
  }

  const got = `HTTP ${status} from ${describe(url)}`;
  if (status >= 500 || transientStatuses.has(status)) {
    throw new TransientFault(got, { retryAfterMs: retryAfterMs(response) });
  }
  throw new RuntimeError('PAR_ERR_PACKAGE_DOWNLOAD_REFUSED', `expected HTTP 200, got ${got}`, {
    details: { status },
  });
}

function contentLength(response: Response): number | undefined {
  const header = response.headers.get('content-length');
  const encoded = (response.headers.get('content-encoding') ?? 'identity') !== 'identity';
  if (header === null || encoded || !/^\d+$/.test(header.trim())) return undefined;

  return Number(header.trim());
}

/** `Retry-After` in seconds or as an HTTP date (RFC 9110 §10.2.3), in ms from now. */
function retryAfterMs(response: Response): number | undefined {
  const header = response.headers.get('retry-after')?.trim();
  if (header === undefined || header === '') return undefined;
  if (/^\d+$/.test(header)) return Number(header) * 1000;
  const at = Date.parse(header);

  return Number.isNaN(at) ? undefined : Math.max(0, at - Date.now());
}

function describe(url: URL): string {
  return describePackageUrl({ kind: 'https', url });
}

async function* emptyBody(): AsyncIterable<Uint8Array> {
  // A 200 without a body is an empty package; the manifest check reports it.
}
