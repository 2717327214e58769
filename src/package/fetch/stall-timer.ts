/**
 * Stall detection for one download attempt: an attempt that receives nothing (no connection, no
 * headers, no body bytes) for the stall timeout is aborted with a TransientFault, so it can be
 * retried long before the total deadline runs out.
 */
import { TransientFault } from './transient-fault.js';

/** An attempt's abort signal that also fires when no progress is reported for `stallMs`. */
export class StallTimer {
  private readonly controller = new AbortController();
  private timer: NodeJS.Timeout | undefined;
  /** Aborts on a stall or when `parent` aborts. */
  readonly signal: AbortSignal;

  constructor(
    private readonly stallMs: number,
    parent: AbortSignal
  ) {
    this.signal = AbortSignal.any([parent, this.controller.signal]);
    this.touch();
  }

  /** True once the attempt was aborted for a stall. */
  get stalled(): boolean {
    return this.controller.signal.aborted;
  }

  /** The fault to report for a stall. */
  get fault(): TransientFault {
    return new TransientFault(`no bytes received for ${this.stallMs / 1000} s (stalled)`);
  }

  /** Reports progress: the stall countdown starts again. */
  touch(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.controller.abort(this.fault), this.stallMs);
  }

  stop(): void {
    clearTimeout(this.timer);
  }
}
