export { fingerprintedFileName, cacheControlFor } from './cache-policy.js';
export { createUiCorsMount, type UiCorsMount, type UiCorsOptions } from './ui-cors.js';
export { buildUiConfig, type UiConfigDocument } from './ui-config.js';
export { createUiMount, type UiMount } from './ui-mount.js';
export { parseUiRequestPath, type UiRequestPath } from './ui-request-path.js';
export { hasUi, resolveUiSite, type UiSite } from './ui-site.js';
export { createUiSurface, type UiSurface, type UiSurfaceOptions } from './ui-surface.js';
