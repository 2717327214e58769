import type { FastifyInstance, FastifyReply } from 'fastify';

/**
 * Counts the in-flight requests of a fastify surface (REST, the standalone UI) and closes it
 * gracefully. Once closing, every answer says `Connection: close` and each keep-alive
 * connection is ended as soon as its last request finishes: without that, `server.close()`
 * waits for idle keep-alive sockets (a load balancer's pool, for one) until their keep-alive
 * timeout, and a drain that has nothing left to do would still last the whole grace period.
 */
export class ConnectionDrain {
  private count = 0;
  private closing = false;

  constructor(private readonly app: FastifyInstance) {}

  /** Requests being handled right now, streams included. */
  inFlight(): number {
    return this.count;
  }

  /** Counts `reply` until its response ends or its connection goes. Call in `onRequest`. */
  track(reply: FastifyReply): void {
    this.count += 1;
    reply.raw.once('close', () => {
      this.count -= 1;
      if (this.closing) this.app.server.closeIdleConnections();
    });
  }

  /** Marks an answer being sent while closing as the last one on its connection. */
  markLastOnConnection(reply: FastifyReply): void {
    if (this.closing && reply.request.raw.httpVersionMajor === 1) {
      void reply.header('connection', 'close');
    }
  }

  /**
   * Stops accepting connections and lets in-flight requests finish for up to `graceMs`, then
   * destroys every connection left. `forced` tells whether any had to be cut.
   */
  async close(graceMs: number): Promise<{ forced: boolean }> {
    this.closing = true;
    let forced = false;
    const cut = setTimeout(() => {
      forced = this.count > 0;
      this.app.server.closeAllConnections();
    }, graceMs);
    try {
      // Stops the listener (Node's server.close() also ends the connections idle right now) and
      // resolves once the last connection is gone; `track` ends the others as they go idle.
      await this.app.close();
    } finally {
      clearTimeout(cut);
    }

    return { forced };
  }
}
