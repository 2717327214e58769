/**
 * The runtime's Prometheus metrics (prom-client). Owns its own Registry, never prom-client's
 * global one, so two runtimes in one process (tests) never share counters. Knows no transport
 * and no lifecycle: surfaces report requests through `observeRequest`, the lifecycle reports
 * states and boot numbers. The `/metrics` route that serves it is mounted by the lifecycle.
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** One finished request, call or stream, as any surface reports it. */
export interface RequestObservation {
  /** The surface that served it: `rest`, `a2a` (gRPC) or `ui`. */
  readonly surface: string;
  /**
   * A bounded name for what was called, never a raw path: the route template on REST
   * (`/agents/:agentId/health`), the full method name on gRPC
   * (`/pixell.agent.AgentService/Invoke`), and `unmatched` when nothing matched.
   */
  readonly route: string;
  /** The HTTP method on REST; on gRPC the call type (`unary`, `server_streaming`, ...). */
  readonly method: string;
  /**
   * The HTTP status code on REST, the gRPC status name on gRPC (`OK`, `UNAVAILABLE`), or
   * `aborted` when no complete answer was sent (client gone, or cut at the grace period).
   */
  readonly status: number | string;
  /** From the request's arrival to its last byte, in milliseconds. */
  readonly durationMs: number;
}

/** What a surface needs of the metrics: one call per finished request. */
export interface RequestObserver {
  observeRequest(observation: RequestObservation): void;
}

export interface RuntimeMetricsOptions {
  /** The runtime's own version, exposed as `par_runtime_info{version}`. */
  runtimeVersion: string;
  /** Every lifecycle state, so each one is exposed (1 for the current one, 0 for the rest). */
  lifecycleStates: readonly string[];
  /** Also expose prom-client's default process and Node.js metrics. @default true */
  processMetrics?: boolean;
}

/**
 * Request latency buckets, in seconds: fine-grained below a second for built-in routes, wide
 * above it because agent calls (model calls, tools) often take tens of seconds.
 */
const latencyBucketsSec = [
  0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300,
];

const requestLabels = ['surface', 'route', 'method', 'status'] as const;

/**
 * Every metric the runtime exposes. Labels stay bounded: route templates and method names,
 * status codes, surface, phase and state names, never raw paths or ids.
 */
export class RuntimeMetrics implements RequestObserver {
  readonly registry = new Registry();
  private readonly requests: Counter<(typeof requestLabels)[number]>;
  private readonly latency: Histogram<(typeof requestLabels)[number]>;
  private readonly bootSeconds: Gauge;
  private readonly bootPhaseSeconds: Gauge<'phase'>;
  private readonly ready: Gauge;
  private readonly state: Gauge<'state'>;
  private readonly inFlightSources = new Map<string, () => number>();
  private readonly lifecycleStates: readonly string[];

  constructor(options: RuntimeMetricsOptions) {
    const registers = [this.registry];
    this.lifecycleStates = options.lifecycleStates;
    if (options.processMetrics ?? true) collectDefaultMetrics({ register: this.registry });

    new Gauge({
      name: 'par_runtime_info',
      help: 'Always 1; the runtime version is in the label',
      labelNames: ['version'],
      registers,
    }).set({ version: options.runtimeVersion }, 1);
    this.requests = new Counter({
      name: 'par_requests_total',
      help: 'Finished requests, calls and streams, by surface, route, method and status',
      labelNames: requestLabels,
      registers,
    });
    this.latency = new Histogram({
      name: 'par_request_duration_seconds',
      help: 'Time from arrival to the last byte of the answer, in seconds',
      labelNames: requestLabels,
      buckets: latencyBucketsSec,
      registers,
    });
    const sources = this.inFlightSources;
    new Gauge({
      name: 'par_requests_in_flight',
      help: 'Requests, calls and streams being handled right now, by surface',
      labelNames: ['surface'],
      registers,
      collect(this: Gauge<'surface'>) {
        for (const [surface, count] of sources) this.set({ surface }, count());
      },
    });
    this.bootSeconds = new Gauge({
      name: 'par_boot_duration_seconds',
      help: 'Seconds from process start to ready; absent until ready',
      registers,
    });
    this.bootPhaseSeconds = new Gauge({
      name: 'par_boot_phase_duration_seconds',
      help: 'Seconds each boot phase took; startup is the time before the runtime code ran',
      labelNames: ['phase'],
      registers,
    });
    this.ready = new Gauge({
      name: 'par_ready',
      help: '1 while the runtime is ready (READY), 0 otherwise',
      registers,
    });
    this.state = new Gauge({
      name: 'par_lifecycle_state',
      help: '1 for the current lifecycle state, 0 for the others',
      labelNames: ['state'],
      registers,
    });
  }

  /** The content type of `exposition()`: Prometheus text format 0.0.4. */
  get contentType(): string {
    return this.registry.contentType;
  }

  /** Every metric in Prometheus text format, as `GET /metrics` answers it. */
  exposition(): Promise<string> {
    return this.registry.metrics();
  }

  observeRequest(observation: RequestObservation): void {
    const labels = {
      surface: observation.surface,
      route: observation.route,
      method: observation.method,
      status: String(observation.status),
    };
    this.requests.inc(labels);
    this.latency.observe(labels, secondsOf(Math.max(observation.durationMs, 0)));
  }

  /**
   * Exposes `count()` as the in-flight gauge of `surface`, read at every scrape: the surfaces
   * already count their in-flight work for the drain, so the gauge can never disagree with it.
   */
  trackInFlight(surface: string, count: () => number): void {
    this.inFlightSources.set(surface, count);
  }

  recordState(current: string, ready: boolean): void {
    for (const state of this.lifecycleStates) this.state.set({ state }, state === current ? 1 : 0);
    this.ready.set(ready ? 1 : 0);
  }

  /** The boot's total and per-phase durations, in milliseconds as the boot clock has them. */
  recordBoot(totalMs: number, phasesMs: Readonly<Record<string, number>>): void {
    this.bootSeconds.set(secondsOf(totalMs));
    for (const [phase, ms] of Object.entries(phasesMs)) {
      this.bootPhaseSeconds.set({ phase }, secondsOf(ms));
    }
  }
}

/** Milliseconds as seconds, to the microsecond, without float noise such as 0.0112249999. */
function secondsOf(ms: number): number {
  return Math.round(ms * 1000) / 1_000_000;
}
