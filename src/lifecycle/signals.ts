const stopSignals = ['SIGTERM', 'SIGINT'] as const;
export type StopSignal = (typeof stopSignals)[number];

/**
 * The only place the runtime listens for stop signals. The first starts the shutdown; any
 * later one forces an exit. Returns a function that removes the handlers.
 */
export function onStopSignals(
  onFirst: (signal: StopSignal) => void,
  onRepeat: (signal: StopSignal) => void
): () => void {
  let received = 0;
  const handler = (signal: StopSignal) => {
    received += 1;
    if (received === 1) onFirst(signal);
    else onRepeat(signal);
  };
  for (const signal of stopSignals) process.on(signal, handler);
  return () => {
    for (const signal of stopSignals) process.off(signal, handler);
  };
}
