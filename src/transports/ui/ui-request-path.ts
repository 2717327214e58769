/**
 * Reads the part of a raw request URL below `/ui/` and decides, before any file is touched,
 * whether it may name a file in the UI folder. Works on the raw URL, never on a router's
 * decoded parameters, so encoded separators and double encoding cannot slip through.
 */

/** What a request path below `/ui/` asks for. */
export type UiRequestPath =
  /** A plain relative path ('' for the folder); `looksLikeAsset` when it has an extension. */
  | { readonly kind: 'file'; readonly relative: string; readonly looksLikeAsset: boolean }
  /** A path that tries to leave the folder or is malformed: answered 400. */
  | { readonly kind: 'refused'; readonly reason: string }
  /** A dotfile or dot-folder (`.env`, `.git/config`): answered 404, as if absent. */
  | { readonly kind: 'hidden' };

/** Encoded `/`, `\` and NUL: a file name never needs them, and decoding them changes the path. */
const encodedForbidden = /%(2f|5c|00)/i;
/** An extension on the last segment: `app.js`, `logo.svg`, `font.woff2`. */
const assetExtension = /\.[A-Za-z0-9]+$/;

/**
 * Parses `rawPath`, the request URL after the `/ui/` prefix with the query string removed.
 * Refused: backslashes, encoded slashes or backslashes, NUL bytes, control characters,
 * malformed percent-encoding, a `%` left after one decoding (double encoding), and empty,
 * `.` or `..` segments, plain or encoded. Hidden: any segment starting with a dot.
 */
export function parseUiRequestPath(rawPath: string): UiRequestPath {
  if (rawPath.includes('\\')) return refused('a backslash');
  if (encodedForbidden.test(rawPath)) return refused('an encoded slash, backslash or NUL byte');

  let decoded: string;
  try {
    decoded = decodeURIComponent(rawPath);
  } catch {
    return refused('malformed percent-encoding');
  }
  if (decoded.includes('%')) return refused('double percent-encoding');
  if (/[\u0000-\u001f\u007f\\]/.test(decoded)) return refused('a control character');

  // A trailing slash asks for a folder (the SPA index), not for an empty file name.
  const segments = decoded === '' ? [] : decoded.replace(/\/$/, '').split('/');
  for (const segment of segments) {
    if (segment === '' || segment === '.' || segment === '..') {
      return refused('an empty, . or .. segment');
    }
  }
  if (segments.some((segment) => segment.startsWith('.'))) return { kind: 'hidden' };

  const last = segments.at(-1) ?? '';
  return {
    kind: 'file',
    relative: segments.join('/'),
    looksLikeAsset: !decoded.endsWith('/') && assetExtension.test(last),
  };
}

function refused(reason: string): UiRequestPath {
  return { kind: 'refused', reason };
}
