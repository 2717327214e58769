/**
 * The multiplexed UI (the default): the UI routes added to the REST app, so the UI shares the
 * REST port under `{BASE_PATH}/ui/`. Shaped as the REST transport's `RestMount`, which the
 * lifecycle hands over; this transport never imports the REST one.
 */
import type { FastifyInstance } from 'fastify';
import type { RuntimeStatus, SurfaceName } from '../runtime-status.js';
import { registerUiRoutes } from './ui-routes.js';
import type { UiSite } from './ui-site.js';

/** What the REST app needs to mount the UI (structurally a `RestMount`). */
export interface UiMount {
  readonly name: 'ui';
  /** The REST server carries the UI surface: the UI is served whenever it listens. */
  readonly carries: SurfaceName;
  register(app: FastifyInstance): Promise<void>;
}

/** The UI routes for the REST app; `site.mode` must be `multiplexed`. */
export function createUiMount(site: UiSite, status: RuntimeStatus): UiMount {
  return {
    name: 'ui',
    carries: 'ui',
    register: (app) => registerUiRoutes(app, { site, status }),
  };
}
