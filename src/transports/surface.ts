import type { ListeningAddress } from './listen.js';
import type { SurfaceName } from './runtime-status.js';

/**
 * A started-on-demand server as the lifecycle drives it. Every transport's server (REST, gRPC,
 * the standalone UI) implements this, so the lifecycle starts and drains them all the same way.
 */
export interface Surface {
  readonly name: SurfaceName;
  /**
   * Other surfaces this server serves too (the multiplexed UI on the REST port): they count as
   * listening exactly while this server does.
   */
  readonly carries?: readonly SurfaceName[];
  /** Binds the port; rejects with PAR_ERR_SERVE_PORT_IN_USE or PAR_ERR_SERVE_LISTEN_FAILED. */
  listen(): Promise<ListeningAddress>;
  /** Requests, calls and streams being handled right now. */
  inFlight(): number;
  /**
   * Stops accepting new connections, lets in-flight work finish for up to `graceMs`, then cuts
   * what remains. `forced` tells whether anything had to be cut.
   */
  close(graceMs: number): Promise<{ forced: boolean }>;
}
