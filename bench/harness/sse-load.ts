/**
 * SSE load: keeps `connections` server-sent-event streams of `POST /invoke` going back to back
 * for `durationSec` and counts the `chunk` events that arrive (events delivered per second).
 * A stream that does not end with its `done` event voids the run.
 */
export async function runSseLoad(
  baseUrl: string,
  options: { words: number; connections: number; durationSec: number }
): Promise<{ eventsPerSec: number }> {
  const message = Array.from({ length: options.words }, (_value, index) => `w${index}`).join(' ');
  const body = JSON.stringify({ input: { message, stream: true } });
  const startedAt = performance.now();
  const deadline = startedAt + options.durationSec * 1000;
  let events = 0;

  const worker = async () => {
    while (performance.now() < deadline) {
      const response = await fetch(`${baseUrl}/invoke`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
        body,
        // A stalled stream fails the run instead of hanging it.
        signal: AbortSignal.timeout(Math.ceil(deadline - performance.now()) + 30_000),
      });
      const text = await response.text();
      if (response.status !== 200) throw new Error(`stream answered ${response.status}`);
      if (!text.includes('event: done\n')) throw new Error('stream ended without its done event');
      events += text.split('event: chunk\n').length - 1;
    }
  };
  await Promise.all(Array.from({ length: options.connections }, worker));
  return { eventsPerSec: events / ((performance.now() - startedAt) / 1000) };
}
