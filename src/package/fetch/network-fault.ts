/**
 * Turns whatever a socket, fetch or the AWS SDK threw into a download fault: an untrusted
 * certificate is permanent (PAR_ERR_PACKAGE_TLS_FAILED), anything else from the network is a
 * TransientFault. Faults already classified pass through unchanged.
 */
import { RuntimeError } from '../../errors/index.js';
import { redactUrlsInText } from '../../telemetry/index.js';
import type { StallTimer } from './stall-timer.js';
import { TransientFault } from './transient-fault.js';

/** OpenSSL and Node codes of a certificate that cannot be trusted: another try cannot help. */
const certificateCodes = new Set([
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'CERT_REJECTED',
  'CERT_SIGNATURE_FAILURE',
  'CERT_UNTRUSTED',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
]);

/**
 * The fault to report for `error`, raised during an attempt on `source` (safe to show).
 * A stall wins over the abort error it caused.
 */
export function toDownloadFault(error: unknown, source: string, stall?: StallTimer): Error {
  if (error instanceof RuntimeError || error instanceof TransientFault) return error;
  if (stall?.stalled) return stall.fault;

  const chain = causeChain(error);
  const certificate = chain.find((item) => certificateCodes.has(codeOf(item) as string));
  if (certificate !== undefined) {
    return new RuntimeError(
      'PAR_ERR_PACKAGE_TLS_FAILED',
      `expected a trusted TLS certificate from ${source}, got ${describe([certificate])} ` +
        '(add a private CA with NODE_EXTRA_CA_CERTS)',
      { cause: error }
    );
  }

  return new TransientFault(`network fault: ${describe(chain)}`, { cause: error });
}

/** `message (CODE)` for each error in the chain, query strings stripped. */
function describe(chain: unknown[]): string {
  const parts = chain.map((item) => {
    const message = item instanceof Error ? item.message : String(item);
    const code = codeOf(item);
    return typeof code === 'string' ? `${message} (${code})` : message;
  });

  return redactUrlsInText(parts.join(': '));
}

function causeChain(error: unknown): unknown[] {
  const chain: unknown[] = [];
  for (let item = error; item !== undefined && chain.length < 5;) {
    chain.push(item);
    item = item instanceof Error ? item.cause : undefined;
  }

  return chain;
}

function codeOf(error: unknown): unknown {
  return typeof error === 'object' && error !== null && 'code' in error ? error.code : undefined;
}
