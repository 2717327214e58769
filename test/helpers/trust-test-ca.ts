/**
 * Makes this test process's built-in fetch trust a test CA. Node 20 reads NODE_EXTRA_CA_CERTS
 * only at process start and has no API to add a CA later (tls.setDefaultCACertificates is Node
 * 22.15+), so in-process tests replace fetch's global dispatcher with one of the same bundled
 * undici class whose TLS options carry the CA. Tests that spawn `par` use the real
 * NODE_EXTRA_CA_CERTS instead, which is what production relies on.
 */

/** undici's documented cross-version key for the global dispatcher. */
const globalDispatcher = Symbol.for('undici.globalDispatcher.1');

type DispatcherClass = new (options: { connect: { ca: string[] } }) => unknown;

/** From now on, fetch in this process trusts `caPem` (and only it). */
export async function trustTestCa(caPem: string): Promise<void> {
  // The bundled undici installs its global Agent on first use; a data: URL needs no network.
  await fetch('data:,');
  const holder = globalThis as unknown as Record<symbol, { constructor: DispatcherClass }>;
  const current = holder[globalDispatcher];
  if (current === undefined) throw new Error('fetch has no global dispatcher to replace');

  const Agent = current.constructor;
  holder[globalDispatcher] = new Agent({ connect: { ca: [caPem] } }) as {
    constructor: DispatcherClass;
  };
}
