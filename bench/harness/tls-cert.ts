/**
 * A throwaway self-signed certificate for the local TLS origin, made at bench time with the
 * `openssl` CLI (Node can use certificates but not make them). Valid one day, for 127.0.0.1 and
 * localhost only; the client trusts it as its only CA, never by turning verification off.
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface TlsCert {
  readonly certPath: string;
  readonly keyPath: string;
}

/** Writes `cert.pem` and `key.pem` (P-256) into `folder`. */
export async function makeSelfSignedCert(folder: string): Promise<TlsCert> {
  const certPath = path.join(folder, 'cert.pem');
  const keyPath = path.join(folder, 'key.pem');
  const args = [
    'req',
    '-x509',
    '-newkey',
    'ec',
    '-pkeyopt',
    'ec_paramgen_curve:prime256v1',
    '-nodes',
    '-days',
    '1',
    '-subj',
    '/CN=localhost',
    '-addext',
    'subjectAltName=IP:127.0.0.1,DNS:localhost',
    '-keyout',
    keyPath,
    '-out',
    certPath,
  ];
  try {
    await run('openssl', args);
  } catch (error) {
    throw new Error('expected the openssl CLI to make a test certificate; is openssl installed?', {
      cause: error,
    });
  }

  return { certPath, keyPath };
}
