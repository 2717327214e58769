import { RuntimeError } from '../../errors/index.js';

/**
 * The path policy for archive entry names: what a name may be, and the one safe relative
 * POSIX path it becomes. The name is untrusted text; nothing here touches the filesystem.
 */

/** Linux limits: 255 bytes per name, 4096 per path. Longer names fail later, less clearly. */
const maxSegmentBytes = 255;
const maxPathBytes = 4096;

export interface EntryPath {
  /** Relative POSIX path with no `.`, `..` or empty segments, e.g. `dist/agent.js`. */
  readonly path: string;
  /** The name ended with `/`: a folder entry. */
  readonly isDirectory: boolean;
}

/**
 * Turns an entry name into a safe relative path, or refuses it with PAR_ERR_ARCHIVE_UNSAFE_PATH.
 *
 * Backslashes are read as separators (archives zipped on Windows by hand use them; the Kit's own
 * never do), and every rule is applied after that, so `\\..\\x` and `C:\\x` are refused like
 * `/../x` and `C:/x`. `.` and empty segments (`./a`, `a//b`) are dropped.
 */
export function safeEntryPath(name: string): EntryPath {
  const refuse = (why: string) =>
    new RuntimeError(
      'PAR_ERR_ARCHIVE_UNSAFE_PATH',
      `expected a relative path inside the package, got ${JSON.stringify(name)} (${why})`,
      { details: { entry: name } }
    );

  if (name === '') throw refuse('an empty name');
  // Control characters (U+0000-U+001F, U+007F) are exactly what is refused here.
  if (/[\u0000-\u001f\u007f]/.test(name)) throw refuse('a control character');
  const slashed = name.replaceAll('\\', '/');
  if (/^[A-Za-z]:/.test(slashed)) throw refuse('a drive letter');
  if (slashed.startsWith('/')) throw refuse('an absolute path');

  const segments = slashed.split('/');
  if (segments.includes('..')) throw refuse('a .. segment');
  const kept = segments.filter((segment) => segment !== '' && segment !== '.');
  if (kept.length === 0) throw refuse('no name left once . and empty segments are dropped');
  if (kept.some((segment) => Buffer.byteLength(segment) > maxSegmentBytes)) {
    throw refuse(`a segment longer than ${maxSegmentBytes} bytes`);
  }
  const path = kept.join('/');
  if (Buffer.byteLength(path) > maxPathBytes) throw refuse(`longer than ${maxPathBytes} bytes`);

  return { path, isDirectory: slashed.endsWith('/') };
}
