import { Rejection } from './env-value.js';

const allowedCharacters = /^[A-Za-z0-9/_.-]*$/;

/**
 * Normalises BASE_PATH: surrounding space trimmed, one leading slash, no trailing slash (the
 * root stays `/`). Empty segments (`//`), dot segments and characters outside
 * `[A-Za-z0-9/_.-]` are rejected rather than guessed at.
 */
export function normaliseBasePath(raw: string | undefined): string | Rejection {
  let path = (raw ?? '/').trim();
  if (path === '') return '/';
  if (!allowedCharacters.test(path)) {
    return new Rejection('a path of letters, digits and / _ . - only');
  }
  if (path.includes('//')) return new Rejection('a path without empty segments (//)');
  if (!path.startsWith('/')) path = `/${path}`;
  if (path.length > 1 && path.endsWith('/')) path = path.slice(0, -1);
  const segments = path.split('/').slice(1);
  if (segments.some((segment) => segment === '.' || segment === '..')) {
    return new Rejection('a path without . or .. segments');
  }
  return path;
}

/** The prefix to put before routes: '' for the root, the base path otherwise. */
export function routePrefix(basePath: string): string {
  return basePath === '/' ? '' : basePath;
}
