/**
 * Redaction of secrets from log data. Keys that look like secrets lose their values wherever
 * they sit in a logged object, and URLs lose their query strings and user info (presigned URLs
 * carry credentials there).
 */

const secretKeyParts = [
  'pass(word)?',
  'secret',
  'token',
  'api[-_]?key',
  'auth(orization)?$',
  'credential',
  'private[-_]?key',
  'access[-_]?key',
  'cookie',
  'signature',
];
const secretKey = new RegExp(secretKeyParts.join('|'), 'i');
const urlWithSecrets = /\b([a-z][a-z0-9+.-]*:\/\/)([^/\s?#@]+@)?([^\s?#]*)[?#][^\s"']*/gi;
const maxDepth = 6;

export const redacted = '[REDACTED]';

export function isSecretKey(key: string): boolean {
  return secretKey.test(key);
}

/** Removes the query, fragment and user info from every URL inside a piece of text. */
export function redactUrlsInText(text: string): string {
  return text.replace(urlWithSecrets, (_match, scheme: string, _user, rest: string) => {
    return `${scheme}${rest}?<redacted>`;
  });
}

/** A copy of `value` with secret-looking keys masked and URLs stripped of credentials. */
export function redactValue(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return value.includes('://') ? redactUrlsInText(value) : value;
  if (typeof value !== 'object' || value === null || depth >= maxDepth) return value;
  if (value instanceof Error) return value;
  if (Array.isArray(value)) return value.map((item) => redactValue(item, depth + 1));
  const copy: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    copy[key] = isSecretKey(key) && item !== undefined ? redacted : redactValue(item, depth + 1);
  }
  return copy;
}
