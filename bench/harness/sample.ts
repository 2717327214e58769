/** A set of measurements of one figure, summarised the way the report prints it. */
export interface Summary {
  readonly min: number;
  readonly median: number;
  readonly max: number;
  readonly runs: number;
}

export function summarise(values: readonly number[]): Summary {
  if (values.length === 0) throw new Error('Bug: summarising an empty sample');
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const median =
    sorted.length % 2 === 1
      ? (sorted[middle] as number)
      : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
  return {
    min: sorted[0] as number,
    median,
    max: sorted[sorted.length - 1] as number,
    runs: sorted.length,
  };
}

/** The q-quantile (0..1) of unsorted values, nearest rank. */
export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[rank] as number;
}
