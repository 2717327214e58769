import { Rejection } from './env-value.js';

export type PackageUrl = { kind: 'https'; url: URL } | { kind: 's3'; bucket: string; key: string };

const s3BucketName = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

export function isValidS3BucketName(name: string): boolean {
  return s3BucketName.test(name) && !name.includes('..');
}

/**
 * Parses PACKAGE_URL. The scheme is matched without regard to case or surrounding space; only
 * `https://` and `s3://bucket/key` are accepted, so `http:`, `file:`, `data:`, `javascript:` and
 * `ftp:` never reach a fetcher.
 */
export function parsePackageUrl(raw: string): PackageUrl | Rejection {
  const text = raw.trim();
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(text)?.[1]?.toLowerCase();
  if (scheme === 's3') return parseS3Url(text);
  if (scheme !== 'https') {
    const got = scheme === undefined ? 'no scheme' : `the ${scheme}: scheme`;
    return new Rejection(`an https:// or s3:// URL (${got} is not allowed)`);
  }
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return new Rejection('a well-formed https:// URL');
  }
  if (url.hostname === '') return new Rejection('an https:// URL with a host');
  // fetch refuses them anyway, and they would sit in logs; presigned URLs carry a query instead.
  if (url.username !== '' || url.password !== '') {
    return new Rejection('an https:// URL without user:password@ credentials');
  }
  return { kind: 'https', url };
}

function parseS3Url(text: string): PackageUrl | Rejection {
  const match = /^s3:\/\/([^/?#]*)\/([^?#]+)$/i.exec(text);
  const bucket = match?.[1] ?? '';
  const key = match?.[2] ?? '';
  if (!match || !isValidS3BucketName(bucket) || key === '' || key.endsWith('/')) {
    return new Rejection('an s3://bucket/key URL with a valid bucket name and an object key');
  }
  return { kind: 's3', bucket, key };
}

/** A URL safe to log: scheme, host and path only. Query strings carry presigned credentials. */
export function describePackageUrl(source: PackageUrl): string {
  if (source.kind === 's3') return `s3://${source.bucket}/${source.key}`;
  return `${source.url.protocol}//${source.url.host}${source.url.pathname}`;
}

/** Strips user info, query and fragment from any URL-looking text before it is shown. */
export function redactUrlText(raw: string): string {
  return raw
    .replace(/\/\/[^/@\s]*@/, '//')
    .replace(/[?#].*$/s, (rest) => (rest ? '?<redacted>' : ''));
}
