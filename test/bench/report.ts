/**
 * The benchmark result format: every figure is a ratio of a measurement against a baseline
 * measured in the same run (medians of several runs), compared with its budget.
 */

export interface BenchFigure {
  /** What is measured, e.g. `cold start init: projects-write`. */
  readonly name: string;
  readonly unit: string;
  /** The median measurement. */
  readonly measured: number;
  /** The median of the baseline measured in the same run. */
  readonly baseline: number;
  /** What the baseline is, e.g. `bundle with only a DynamoDBDocumentClient`. */
  readonly baselineName: string;
  /** measured / baseline (or the figure the budget is about, when it is not a ratio, e.g. MB of growth). */
  readonly ratio: number;
  /** The budget, e.g. `<= 1.3x`; `pass` says whether `ratio` meets it. */
  readonly budget: string;
  readonly pass: boolean;
  /** Sample counts, raw samples or anything a reader needs to trust the figure. */
  readonly details?: Readonly<Record<string, unknown>>;
}

/** The median of some samples. */
export function median(samples: readonly number[]): number {
  if (samples.length === 0) throw new Error('median of no samples');
  const sorted = [...samples].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}
