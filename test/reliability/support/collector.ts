/** What each reliability test file tried, appended as JSON lines for the summary the teardown prints. */
import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, inject } from 'vitest';

export const countNames = [
  'requestsTried',
  'faultsInjected',
  'acknowledgedWritesChecked',
  'acknowledgedWritesLostByDatabase',
  'databaseDumpsCompared',
  'templateChecks',
] as const;

export type CountName = (typeof countNames)[number];
export type Counts = Partial<Record<CountName, number>>;

export const countsFile = (dir: string) => join(dir, 'counts.jsonl');

/** Adds counts under an area name (one row of the summary per area). */
export function record(area: string, counts: Counts): void {
  appendFileSync(
    countsFile(inject('reliabilityCountsDir')),
    `${JSON.stringify({ area, test: expect.getState().currentTestName ?? '', counts })}\n`,
  );
}

/** A running tally a test adds to as it goes and records once at its end. */
export class Tally {
  private readonly counts: Record<CountName, number> = {
    requestsTried: 0,
    faultsInjected: 0,
    acknowledgedWritesChecked: 0,
    acknowledgedWritesLostByDatabase: 0,
    databaseDumpsCompared: 0,
    templateChecks: 0,
  };

  constructor(private readonly area: string) {}

  add(name: CountName, by = 1): void {
    this.counts[name] += by;
  }

  get(name: CountName): number {
    return this.counts[name];
  }

  /** Writes the tally (only non-zero counts) and resets it. */
  flush(): void {
    const nonZero = Object.fromEntries(Object.entries(this.counts).filter(([, v]) => v > 0));
    if (Object.keys(nonZero).length > 0) record(this.area, nonZero);
    for (const name of countNames) this.counts[name] = 0;
  }
}
