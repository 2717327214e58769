/**
 * What npm printed, made safe and useful: credentials removed (registry tokens, basic auth in
 * URLs, presigned query strings), and the failure classified into a stable error code.
 */
import type { ErrorCode } from '../../errors/index.js';
import { redactUrlsInText } from '../../telemetry/index.js';

/** The tail of npm's output kept for an error message. */
const maxSummaryChars = 1500;

const secretPatterns: ReadonlyArray<[RegExp, string]> = [
  // user:password@ in any URL
  [/(\b[a-z][a-z0-9+.-]*:\/\/)[^/\s@]+@/gi, '$1<redacted>@'],
  // .npmrc-style settings: //registry/:_authToken=..., _auth=..., _password=...
  [/(_authToken|_auth|_password|token)(\s*[=:]\s*)("?)[^\s"']+/gi, '$1$2$3<redacted>'],
  [/\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]+/g, '$1 <redacted>'],
  // npm's granular and automation tokens
  [/\bnpm_[A-Za-z0-9]{20,}\b/g, '<redacted>'],
];

/** Removes credentials from npm's output. */
export function redactNpmOutput(text: string): string {
  let result = redactUrlsInText(text);
  for (const [pattern, replacement] of secretPatterns) {
    result = result.replace(pattern, replacement);
  }
  return result;
}

/** npm's `npm error` lines (or the last lines when there are none), redacted and shortened. */
export function summariseNpmErrors(stderr: string): string {
  const lines = stderr.split('\n').map((line) => line.trimEnd());
  const errorLines = lines
    .filter((line) => line.startsWith('npm error') || line.startsWith('npm ERR!'))
    .map((line) => line.replace(/^npm (error|ERR!) ?/, ''))
    .filter((line) => line.trim() !== '' && !/^(A complete log|Log files were not)/.test(line));
  const chosen = errorLines.length > 0 ? errorLines : lines.filter((line) => line.trim() !== '');
  const text = redactNpmOutput(chosen.join('\n'));
  return text.length > maxSummaryChars ? `...${text.slice(-maxSummaryChars)}` : text;
}

/** npm's own error code (`npm error code ENOTCACHED`), when it printed one. */
export function npmErrorCode(stderr: string): string | undefined {
  return /^npm (?:error|ERR!) code (\S+)/m.exec(stderr)?.[1];
}

/**
 * The stable code for a failed `npm ci`. ENOTCACHED is npm's "offline and not in the cache",
 * whether PAR_OFFLINE_INSTALL or an npmrc turned offline mode on.
 */
export function classifyNpmFailure(stderr: string): ErrorCode {
  const code = npmErrorCode(stderr);
  if (code === 'ENOTCACHED') return 'PAR_ERR_INSTALL_OFFLINE_MISSING';
  if (code === 'EUSAGE' && /in sync|lock file|lockfile/i.test(stderr)) {
    return 'PAR_ERR_INSTALL_LOCKFILE_MISMATCH';
  }
  return 'PAR_ERR_INSTALL_FAILED';
}
