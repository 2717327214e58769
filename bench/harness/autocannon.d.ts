// The part of autocannon's API the benchmarks use (the package ships no types of its own).
declare module 'autocannon' {
  interface Options {
    url: string;
    method?: 'GET' | 'POST';
    body?: string;
    headers?: Record<string, string>;
    connections?: number;
    /** Seconds. */
    duration?: number;
    /** Milliseconds between samples; a run ends on the first sample after `duration`. */
    sampleInt?: number;
  }
  interface Result {
    /** Per-second request counts; `average` is requests per second. */
    requests: { average: number; total: number };
    /** Milliseconds. */
    latency: { p50: number; p99: number; average: number };
    /** Seconds the run actually lasted. */
    duration: number;
    non2xx: number;
    errors: number;
    timeouts: number;
  }
  function autocannon(options: Options): Promise<Result>;
  export default autocannon;
}
