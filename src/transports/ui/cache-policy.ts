/**
 * The `Cache-Control` every UI file is sent with. The index must never be reused without asking
 * (a new release must show at once); a file whose name carries a content hash can be kept for a
 * year, since a new build gives it a new name; anything else is revalidated through its ETag.
 */

/**
 * A fingerprinted file name: a dot or dash, then 8 or more lowercase hex digits, then the
 * extension (`app.3f9a1c2b.js`, `chunk-0a1b2c3d4e.css`), as webpack, esbuild and Parcel name
 * them. Vite's default base64url hashes (`index-BXk3e9aZ.js`) are not recognised: they are
 * served `no-cache` and revalidated, which is slower but never stale.
 */
export const fingerprintedFileName = /[.-][0-9a-f]{8,}\.[A-Za-z0-9]+$/;

/** One year, the longest lifetime RFC 9111 caches are expected to honour. */
const immutableMaxAgeSec = 31_536_000;

export const indexCacheControl = 'no-cache';
export const fingerprintedCacheControl = `public, max-age=${immutableMaxAgeSec}, immutable`;
export const revalidateCacheControl = 'no-cache';

/** The Cache-Control for a UI file, from its path relative to the UI folder. */
export function cacheControlFor(relativePath: string): string {
  const name = relativePath.split('/').at(-1) ?? '';
  return fingerprintedFileName.test(name) ? fingerprintedCacheControl : revalidateCacheControl;
}
