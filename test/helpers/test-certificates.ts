/**
 * Certificates made at test time with the openssl CLI (Debian's `openssl` package): a CA and a
 * server certificate for 127.0.0.1 / ::1 / localhost that it signed. Nothing is committed.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface TestCertificates {
  /** The folder holding the PEM files; `remove` deletes it. */
  folder: string;
  /** Path of the CA certificate PEM, for NODE_EXTRA_CA_CERTS. */
  caFile: string;
  caPem: string;
  /** The server certificate and its key, signed by the CA, for loopback names. */
  certPem: string;
  keyPem: string;
  remove(): Promise<void>;
}

/** A fresh CA and a loopback server certificate (P-256 keys: quick to make on a busy machine). */
export async function makeTestCertificates(caName = 'PAR test CA'): Promise<TestCertificates> {
  const folder = await mkdtemp(path.join(tmpdir(), 'par-test-certs-'));
  const file = (name: string) => path.join(folder, name);
  const ecKey = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];

  await run('openssl', [
    'req', '-x509', ...ecKey, '-keyout', file('ca.key'), '-out', file('ca.pem'),
    '-days', '2', '-subj', `/CN=${caName}`,
    '-addext', 'basicConstraints=critical,CA:TRUE',
    '-addext', 'keyUsage=critical,keyCertSign,cRLSign',
  ]); // prettier-ignore
  await run('openssl', [
    'req', ...ecKey, '-keyout', file('server.key'), '-out', file('server.csr'),
    '-subj', '/CN=localhost',
  ]); // prettier-ignore
  await writeFile(
    file('server.ext'),
    'subjectAltName=IP:127.0.0.1,IP:::1,DNS:localhost\nextendedKeyUsage=serverAuth\n'
  );
  await run('openssl', [
    'x509', '-req', '-in', file('server.csr'), '-CA', file('ca.pem'), '-CAkey', file('ca.key'),
    '-CAcreateserial', '-days', '2', '-extfile', file('server.ext'), '-out', file('server.pem'),
  ]); // prettier-ignore

  return {
    folder,
    caFile: file('ca.pem'),
    caPem: await readFile(file('ca.pem'), 'utf8'),
    certPem: await readFile(file('server.pem'), 'utf8'),
    keyPem: await readFile(file('server.key'), 'utf8'),
    remove: () => rm(folder, { recursive: true, force: true }),
  };
}
