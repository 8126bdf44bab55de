/**
 * Indicator runs: one computation of every indicator over the accepted data, stored immutably.
 * A run is `running` until all its items are written; then it is `published` and the latest
 * pointer moves to it in the same step. A run that fails (or is killed) never becomes latest.
 */

/** Lambda's longest run (15 minutes), and the workflow's timeout: no attempt can still be writing after its claim lapses. */
export const maxJobDurationMs = 15 * 60 * 1000;

export const runStates = ['running', 'published', 'failed'] as const;
export type RunState = (typeof runStates)[number];

export const runTriggers = ['schedule', 'manual'] as const;
export type RunTrigger = (typeof runTriggers)[number];

export interface RunCounts {
  /** Accepted projects read. */
  readonly projects: number;
  /** Latest report revisions read. */
  readonly reports: number;
  /** Indicator items published. */
  readonly items: number;
}

export interface IndicatorRun {
  readonly runId: string;
  readonly state: RunState;
  readonly trigger: RunTrigger;
  readonly startedAt: string;
  readonly finishedAt?: string;
  /** SHA-256 of exactly the inputs read, in a canonical order: equal inputs, equal hash. */
  readonly inputsHash?: string;
  /** The rules the values were computed with: the indicator rules and the report accounting rules seen. */
  readonly calcVersion?: string;
  /** The GWP sets of the reports read. */
  readonly gwpSets?: readonly string[];
  /** For each emission factor the reports used, the versions they used. */
  readonly factorVersions?: Readonly<Record<string, readonly number[]>>;
  readonly counts?: RunCounts;
  /** Why a run failed (no internal detail). */
  readonly failure?: string;
  /** How long its items are kept (`retention.ts`); set when it is published. */
  readonly retention?: RunRetention;
}

/** Why a published run's items are kept for good (`docs/indicator-job.md`). */
export type KeptBecause = 'latest' | 'first_run_of_month';

export interface RunRetention {
  /** Why its items never expire, if they do not: empty for a run whose items expire. */
  readonly kept: readonly KeptBecause[];
  /** When its items expire (by TTL, within a few days after), or null when they are kept. */
  readonly itemsExpireAt: string | null;
}

/** The month before the month of `now` (`2026-11-29T…` → `2026-10`): the last complete month. */
export function lastCompleteMonth(now: string): string {
  const year = Number(now.slice(0, 4));
  const month = Number(now.slice(5, 7));
  return month === 1 ? `${year - 1}-12` : `${year}-${String(month - 1).padStart(2, '0')}`;
}
