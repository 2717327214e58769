import {
  describeRaw,
  envValue,
  flag,
  integerIn,
  presentOrUndefined,
  Rejection,
} from '../env-value.js';
import { isValidS3BucketName, parsePackageUrl, redactUrlText } from '../package-url.js';

const sha256Hex = /^[0-9a-f]{64}$/i;

/** Where the agent package comes from and how it is checked. */
export const packageSourceSettings = {
  AGENT_PACKAGE_PATH: envValue(
    { default: undefined, rule: 'a local .apkg file or extracted folder; wins over PACKAGE_URL' },
    presentOrUndefined
  ),
  PACKAGE_URL: envValue(
    { default: undefined, rule: 'https://... or s3://bucket/key; scheme in any case' },
    (raw) => (raw === undefined ? undefined : parsePackageUrl(raw)),
    (raw) => (raw === undefined ? describeRaw(raw) : describeRaw(redactUrlText(raw)))
  ),
  PACKAGE_SHA256: envValue(
    { default: undefined, rule: '64 hexadecimal characters, any case' },
    (raw) => {
      if (raw === undefined) return undefined;
      const digest = raw.trim();
      return sha256Hex.test(digest)
        ? digest.toLowerCase()
        : new Rejection('64 hexadecimal characters');
    }
  ),
  MAX_PACKAGE_SIZE_MB: envValue(
    { default: '100', rule: 'integer of at least 1 (MiB); above 10000 warns' },
    integerIn(1, Number.MAX_SAFE_INTEGER, 100)
  ),
  AWS_REGION: envValue(
    { default: undefined, rule: 'optional; a shape other than xx-name-N warns' },
    presentOrUndefined
  ),
  S3_BUCKET: envValue(
    { default: undefined, rule: '3-63 of a-z 0-9 . -, starting and ending alphanumeric' },
    (raw) => {
      const bucket = presentOrUndefined(raw)?.trim();
      if (bucket === undefined || isValidS3BucketName(bucket)) return bucket;
      return new Rejection('an S3 bucket name (3-63 characters of a-z, 0-9, . and -)');
    }
  ),
  S3_ENDPOINT: envValue(
    { default: undefined, rule: 'an http(s) URL of an S3-compatible store' },
    (raw) => {
      const text = presentOrUndefined(raw)?.trim();
      if (text === undefined) return undefined;
      return URL.canParse(text) && /^https?:$/.test(new URL(text).protocol)
        ? text
        : new Rejection('an http:// or https:// URL');
    }
  ),
  S3_FORCE_PATH_STYLE: envValue(
    { default: 'false', rule: 'true/false; path-style addressing for S3-compatible stores' },
    flag(false)
  ),
};
