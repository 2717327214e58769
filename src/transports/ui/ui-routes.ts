/**
 * The UI's HTTP routes, registered the same way on the REST app (multiplexed) and on the UI's
 * own server: the single-page app under `{BASE_PATH}/ui/`, `ui-config.json` and `ui/health`.
 * Files go out through @fastify/static (content types, HEAD, ranges, ETag and 304,
 * precompressed siblings) and @fastify/compress; which file may go out is decided here.
 */
import { constants as zlibConstants } from 'node:zlib';
import { realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { routePrefix } from '../../config/index.js';
import type { RuntimeStatus } from '../runtime-status.js';
import { cacheControlFor, indexCacheControl } from './cache-policy.js';
import { buildUiConfig } from './ui-config.js';
import { assetNotFound, handleUiError, sendUiError } from './ui-errors.js';
import { isInsideFolder, uiIndexFile } from '../../agent/index.js';
import { parseUiRequestPath } from './ui-request-path.js';
import type { UiSite } from './ui-site.js';

export interface UiRouteOptions {
  site: UiSite;
  status: RuntimeStatus;
}

/** Files smaller than this go out uncompressed: the headers would cost more than they save. */
const compressThresholdBytes = 1024;
/** Brotli quality for on-the-fly compression: 11 (the default) costs far too much CPU. */
const brotliQuality = 5;

/** Registers the UI routes on `app`, inside their own scope under the base path. */
export async function registerUiRoutes(
  app: FastifyInstance,
  options: UiRouteOptions
): Promise<void> {
  await app.register(async (scoped) => uiScope(scoped, options), {
    prefix: routePrefix(options.site.basePath),
  });
}

async function uiScope(app: FastifyInstance, options: UiRouteOptions): Promise<void> {
  const { site, status } = options;
  const uiRoot = `${routePrefix(site.basePath)}/ui`;

  app.setErrorHandler(handleUiError);
  // Loaded only for packages that have a UI, so every other boot skips their import cost.
  const [{ default: fastifyCompress }, { default: fastifyStatic }] = await Promise.all([
    import('@fastify/compress'),
    import('@fastify/static'),
  ]);
  await app.register(fastifyCompress, {
    encodings: ['br', 'gzip'],
    threshold: compressThresholdBytes,
    brotliOptions: { params: { [zlibConstants.BROTLI_PARAM_QUALITY]: brotliQuality } },
  });
  await app.register(fastifyStatic, {
    root: site.folder.root,
    serve: false,
    preCompressed: true,
    etag: true,
    lastModified: true,
    // Cache-Control is ours (cache-policy.ts); dotfiles never get this far (ui-request-path.ts).
    cacheControl: false,
    dotfiles: 'deny',
    index: false,
  });

  app.get('/ui-config.json', (request, reply) =>
    reply
      .header('cache-control', 'no-store')
      .send(buildUiConfig(site, { protocol: request.protocol, host: request.headers.host }))
  );
  app.get('/ui/health', (_request, reply) => {
    const listening = status.surfaces().ui;
    return reply
      .header('cache-control', 'no-store')
      .send({ ok: listening, service: 'ui', mode: site.mode, listening, timestamp: Date.now() });
  });

  const serve = (request: FastifyRequest, reply: FastifyReply) =>
    serveUiPath(request, reply, site, uiRoot);
  app.get('/ui', serve);
  app.get('/ui/*', serve);
}

/** Answers one request below `/ui`: a file, the index (SPA fallback), a redirect or an error. */
async function serveUiPath(
  request: FastifyRequest,
  reply: FastifyReply,
  site: UiSite,
  uiRoot: string
): Promise<FastifyReply> {
  const [rawPath = '', query] = (request.raw.url ?? '').split(/\?(.*)/s, 2);
  // Relative URLs in the index resolve against the folder only when the URL ends in a slash.
  if (rawPath === uiRoot) {
    return reply.redirect(`${uiRoot}/${query === undefined ? '' : `?${query}`}`, 308);
  }
  if (!rawPath.startsWith(`${uiRoot}/`)) {
    return sendUiError(reply, 'PAR_ERR_UI_PATH_REFUSED', `expected a path below ${uiRoot}/`);
  }

  const parsed = parseUiRequestPath(rawPath.slice(uiRoot.length + 1));
  if (parsed.kind === 'refused') {
    const message = `expected a plain file path below ${uiRoot}/, got one with ${parsed.reason}`;
    return sendUiError(reply, 'PAR_ERR_UI_PATH_REFUSED', message);
  }
  if (parsed.kind === 'hidden') throw assetNotFound(rawPath);
  if (parsed.relative === '') return sendUiFile(reply, site, uiIndexFile, indexCacheControl);

  const found = await locate(site.folder.root, parsed.relative);
  if (found === 'file') {
    return sendUiFile(reply, site, parsed.relative, cacheControlFor(parsed.relative));
  }
  // A deep link of the app (no extension) gets the index; a missing asset is a real 404.
  if (found === 'absent' && !parsed.looksLikeAsset) {
    return sendUiFile(reply, site, uiIndexFile, indexCacheControl);
  }

  throw assetNotFound(rawPath);
}

/** Whether `relative` is a regular file whose real path (symlinks resolved) is in the folder. */
async function locate(root: string, relative: string): Promise<'file' | 'absent' | 'outside'> {
  let real: string;
  try {
    real = await realpath(path.join(root, relative));
  } catch {
    return 'absent';
  }
  if (!isInsideFolder(root, real)) return 'outside';

  return (await stat(real)).isFile() ? 'file' : 'absent';
}

/**
 * Sends one file of the folder. The file @fastify/static finally opens (a precompressed
 * `.br` or `.gz` sibling, say) is checked again, so no symlinked sibling leads outside either.
 */
function sendUiFile(
  reply: FastifyReply,
  site: UiSite,
  relative: string,
  cacheControl: string
): FastifyReply {
  const root = site.folder.root;
  void reply.header('cache-control', cacheControl).header('x-content-type-options', 'nosniff');

  return reply.sendFile(`/${relative}`, {
    onFile: async (selectedPath: string) => {
      if (!isInsideFolder(root, await realpath(selectedPath))) throw assetNotFound(relative);
    },
  });
}
