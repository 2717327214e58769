/**
 * A figure: one measured quantity for PAR and its baseline, summarised, with the ratio of the
 * medians and the project's goal for it. Goals are informational; nothing fails on them.
 */
import { summarise, type Summary } from './sample.js';

/** Whether a bigger number is the better one (throughput) or the worse one (time, memory). */
export type Direction = 'higher-is-better' | 'lower-is-better';

/** A goal the project set for a figure; informative only, never a pass/fail. */
export interface Goal {
  /** How the goal reads in the report, e.g. "ratio <= 2". */
  readonly text: string;
  readonly met: boolean;
}

/** One line of the report: the runtime's figure against its bare baseline. */
export interface Figure {
  readonly benchmark: string;
  readonly metric: string;
  readonly unit: string;
  readonly direction: Direction;
  readonly subject: Summary;
  readonly baseline: Summary | undefined;
  /** Median of the subject over median of the baseline; undefined without a baseline. */
  readonly ratio: number | undefined;
  readonly goal: Goal | undefined;
  /** What a reader must know to read the figure right, e.g. that it is provisional. */
  readonly note: string | undefined;
}

export interface FigureInput {
  benchmark: string;
  metric: string;
  unit: string;
  direction: Direction;
  subject: readonly number[];
  baseline?: readonly number[] | undefined;
  /** Builds the goal from the finished figure, when the project has one for it. */
  goal?: (figure: Omit<Figure, 'goal' | 'note'>) => Goal;
  note?: string;
}

export function figure(input: FigureInput): Figure {
  const subject = summarise(input.subject);
  const baseline = input.baseline === undefined ? undefined : summarise(input.baseline);
  // A baseline of 0 (latency below the load tool's 1 ms resolution) has no meaningful ratio.
  const ratio =
    baseline === undefined || baseline.median <= 0 ? undefined : subject.median / baseline.median;
  const partial = {
    benchmark: input.benchmark,
    metric: input.metric,
    unit: input.unit,
    direction: input.direction,
    subject,
    baseline,
    ratio,
  };
  return { ...partial, goal: input.goal?.(partial), note: input.note };
}

/** A goal on the ratio: at most `limit` for lower-is-better figures, at least for the others. */
export function ratioGoal(limit: number): (figure: Omit<Figure, 'goal' | 'note'>) => Goal {
  return (partial) => {
    const ratio = partial.ratio ?? Number.NaN;
    const higher = partial.direction === 'higher-is-better';
    return {
      text: `ratio ${higher ? '>=' : '<='} ${limit}`,
      met: higher ? ratio >= limit : ratio <= limit,
    };
  };
}

/** A goal on the subject's median itself, e.g. idle memory under 80 MB. */
export function absoluteGoal(
  limit: number,
  unit: string
): (figure: Omit<Figure, 'goal' | 'note'>) => Goal {
  return (partial) => ({
    text: `< ${limit} ${unit}`,
    met: partial.subject.median < limit,
  });
}
