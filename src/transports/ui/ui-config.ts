/**
 * `GET {BASE_PATH}/ui-config.json`: tells the UI where the runtime's REST API lives, so one
 * build of a UI works under any base path and in both serving modes.
 */
import { routePrefix } from '../../config/index.js';
import type { UiSite } from './ui-site.js';

/** The document a UI reads at start-up. Paths are absolute; see docs/ui.md. */
export interface UiConfigDocument {
  readonly agentId: string;
  readonly name: string;
  readonly version: string;
  /** `multiplexed`: the UI shares the REST port; `standalone`: it has its own (UI_PORT). */
  readonly mode: 'multiplexed' | 'standalone';
  /** BASE_PATH as configured (`/` at the root). */
  readonly basePath: string;
  /** Where the UI itself is served, ending in `/`. */
  readonly uiBase: string;
  /** Where the REST built-ins live (`${restBase}/meta`, `/health`); '' is this origin's root. */
  readonly restBase: string;
  /** Where the agent's own routes live by convention: `${restBase}/api` (as the Python PAR). */
  readonly apiBase: string;
  /** `POST` here to invoke the agent; null for a package without an entrypoint. */
  readonly invokeUrl: string | null;
}

/**
 * Builds the document for one request. Multiplexed, the REST API is on the same origin. On its
 * own port, a browser that reached the UI port directly must call the REST port on the same
 * host (which allows that origin, see ui-cors.ts); one that came through a proxy on another
 * port is taken to be behind a path-routing ingress that serves both on one origin.
 */
export function buildUiConfig(
  site: UiSite,
  request: { protocol: string; host: string | undefined }
): UiConfigDocument {
  const prefix = routePrefix(site.basePath);
  const restBase = `${restOriginFor(site, request)}${prefix}`;

  return {
    agentId: site.agentId,
    name: site.agentName,
    version: site.agentVersion,
    mode: site.mode,
    basePath: site.basePath,
    uiBase: `${prefix}/ui/`,
    restBase,
    apiBase: `${restBase}/api`,
    invokeUrl: site.hasInvoke ? `${restBase}/invoke` : null,
  };
}

function restOriginFor(site: UiSite, request: { protocol: string; host: string | undefined }) {
  if (site.mode === 'multiplexed' || request.host === undefined) return '';
  let url: URL;
  try {
    url = new URL(`${request.protocol}://${request.host}`);
  } catch {
    return '';
  }
  const port = url.port === '' ? (url.protocol === 'https:' ? 443 : 80) : Number(url.port);
  if (port !== site.uiPort) return '';

  return `${url.protocol}//${url.hostname}:${site.restPort}`;
}
