import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  IndicatorComputation,
  type IndicatorItem,
  type IndicatorName,
  type IndicatorProject,
  type IndicatorReport,
} from '../../../../shared/domain/indicators/compute.ts';
import { add, decimalOf, toDecimalString, zero } from '../../../../shared/domain/metrics/decimal.ts';
import { statusAt } from '../../../../shared/domain/projects/project.ts';
import { lifecycleStatuses } from '../../../../shared/domain/projects/schema.ts';
import { lastCompleteMonth, portfolio } from './arbitraries.ts';

type Portfolio = ReadonlyArray<readonly [IndicatorProject, readonly IndicatorReport[]]>;

function compute(projects: Portfolio): IndicatorItem[] {
  const computation = new IndicatorComputation({ lastCompleteMonth });
  for (const [project, reports] of projects) computation.addProject(project, reports);
  return computation.result();
}

const additiveNames = [
  'capacity_added_mw',
  'investment_committed_usd',
  'generation_mwh',
  'project_emissions_tco2e',
  'baseline_emissions_tco2e',
  'emission_reductions_tco2e',
  'verified_reductions_tco2e',
  'investment_disbursed_usd',
  'expected_reductions_tco2e',
] as const satisfies readonly IndicatorName[];
const objectNames = [
  'investment_by_direction_usd',
  'attributed_reductions_tco2e',
] as const satisfies readonly IndicatorName[];
const stockNames = [
  'projects_by_status',
  'operating_capacity_mw',
  'investment_cumulative_usd',
  'carbon_productivity_tco2e_per_musd',
  'investment_disbursed_cumulative_usd',
  'disbursement_ratio',
] as const satisfies readonly IndicatorName[];

function numberOf(item: IndicatorItem, name: IndicatorName): number {
  const value = item.indicators[name];
  if (typeof value !== 'number') throw new Error(`${name} is not a number: ${JSON.stringify(value)}`);
  return value;
}

function objectOf(item: IndicatorItem, name: IndicatorName): Record<string, number | null> {
  const value = item.indicators[name];
  if (value === null || typeof value !== 'object') throw new Error(`${name} is not an object`);
  return value;
}

/** The exact decimal sum of published numbers, as text (so 0.1 + 0.2 is 0.3). */
function exactSum(values: readonly (number | null | undefined)[]): string {
  return toDecimalString(values.reduce((total, value) => add(total, decimalOf(value ?? 0)), zero));
}

/** Per key, the exact sum of object-valued indicators. */
function exactKeySums(objects: readonly Record<string, number | null>[]): Record<string, string> {
  const keys = new Set(objects.flatMap((object) => Object.keys(object)));
  return Object.fromEntries([...keys].sort().map((key) => [key, exactSum(objects.map((o) => o[key]))]));
}

function asExactText(object: Record<string, number | null>): Record<string, string> {
  return exactKeySums([object]);
}

/** `2025-04` → `2025-Q2`. */
function quarterOfMonth(period: string): string {
  return `${period.slice(0, 4)}-Q${Math.floor((Number(period.slice(5, 7)) - 1) / 3) + 1}`;
}

function containerOf(granularity: 'quarter' | 'year', monthPeriod: string): string {
  return granularity === 'quarter' ? quarterOfMonth(monthPeriod) : monthPeriod.slice(0, 4);
}

function groupKey(item: IndicatorItem): string {
  return `${item.slice}/${item.key}`;
}

/** The month items of each (slice, key) group and period of a coarser granularity. */
function monthsByContainer(items: readonly IndicatorItem[], granularity: 'quarter' | 'year') {
  const months = new Map<string, IndicatorItem[]>();
  for (const item of items) {
    if (item.granularity !== 'month') continue;
    const id = `${groupKey(item)} ${containerOf(granularity, item.period)}`;
    months.set(id, [...(months.get(id) ?? []), item]);
  }
  return (container: IndicatorItem) => months.get(`${groupKey(container)} ${container.period}`) ?? [];
}

function lastDayOf(period: string): string {
  const [year = 0, month = 0] = period.split('-').map(Number);
  return new Date(Date.UTC(year, month, 0)).toISOString().slice(0, 10);
}

/** The earliest month any project has a report, status or commitment in. */
function earliestMonth(projects: Portfolio): string | undefined {
  const months = projects.flatMap(([project, reports]) => [
    ...reports.map((report) => report.period),
    ...project.statusHistory.map((entry) => entry.effectiveDate.slice(0, 7)),
    ...project.investments.map((investment) => investment.committedOn.slice(0, 7)),
  ]);
  return months.sort()[0];
}

// A hundred generated portfolios per property take a few seconds on a busy machine.
describe('indicator properties over generated portfolios', { timeout: 60_000 }, () => {
  it('adds up months exactly into their quarters and years, after rounding', () => {
    fc.assert(
      fc.property(portfolio(), (projects) => {
        const items = compute(projects);
        for (const granularity of ['quarter', 'year'] as const) {
          const monthsOf = monthsByContainer(items, granularity);
          for (const container of items.filter((item) => item.granularity === granularity)) {
            const months = monthsOf(container);
            expect(months.length).toBeGreaterThan(0);
            for (const name of additiveNames) {
              expect(exactSum(months.map((month) => numberOf(month, name)))).toBe(
                exactSum([numberOf(container, name)]),
              );
            }
            for (const name of objectNames) {
              expect(exactKeySums(months.map((month) => objectOf(month, name)))).toEqual(
                asExactText(objectOf(container, name)),
              );
            }
          }
        }
      }),
    );
  });

  it('gives a quarter and a year the stocks of their last published month', () => {
    fc.assert(
      fc.property(portfolio(), (projects) => {
        const items = compute(projects);
        for (const granularity of ['quarter', 'year'] as const) {
          const monthsOf = monthsByContainer(items, granularity);
          for (const container of items.filter((item) => item.granularity === granularity)) {
            const lastMonth = monthsOf(container).at(-1);
            for (const name of stockNames) {
              expect(container.indicators[name]).toEqual(lastMonth?.indicators[name]);
            }
          }
        }
      }),
    );
  });

  it('adds up the technology and host_country slices exactly to all', () => {
    fc.assert(
      fc.property(portfolio(), (projects) => {
        const items = compute(projects);
        for (const all of items.filter((item) => item.slice === 'all')) {
          for (const slice of ['technology', 'host_country'] as const) {
            const parts = items.filter(
              (item) =>
                item.slice === slice && item.granularity === all.granularity && item.period === all.period,
            );
            for (const name of [
              ...additiveNames,
              'operating_capacity_mw',
              'investment_cumulative_usd',
            ] as const) {
              expect(exactSum(parts.map((part) => numberOf(part, name)))).toBe(
                exactSum([numberOf(all, name)]),
              );
            }
            for (const name of [...objectNames, 'projects_by_status'] as const) {
              expect(exactKeySums(parts.map((part) => objectOf(part, name)))).toEqual(
                asExactText(objectOf(all, name)),
              );
            }
          }
        }
      }),
    );
  });

  it('attributes exactly the reductions of every item, no more and no less', () => {
    fc.assert(
      fc.property(portfolio(), (projects) => {
        for (const item of compute(projects)) {
          const parts = Object.values(objectOf(item, 'attributed_reductions_tco2e'));
          expect(exactSum(parts)).toBe(exactSum([numberOf(item, 'emission_reductions_tco2e')]));
        }
      }),
    );
  });

  it('does not depend on the order of projects or of their reports', () => {
    const shuffled = portfolio().chain((projects) =>
      fc.tuple(
        fc.constant(projects),
        fc.shuffledSubarray(
          projects.map(([project, reports]) => [project, [...reports].reverse()] as const),
          { minLength: projects.length, maxLength: projects.length },
        ),
      ),
    );
    fc.assert(
      fc.property(shuffled, ([projects, reordered]) => {
        expect(JSON.stringify(compute(reordered))).toBe(JSON.stringify(compute(projects)));
      }),
    );
  });

  it('publishes every group month from its first project in force, and all from the earliest dated month', () => {
    fc.assert(
      fc.property(portfolio(), (projects) => {
        const items = compute(projects);
        const earliest = earliestMonth(projects);
        const allMonths = items
          .filter((i) => i.slice === 'all' && i.granularity === 'month')
          .map((i) => i.period);
        if (earliest === undefined || earliest > lastCompleteMonth) {
          expect(items).toEqual([]);
          return;
        }
        expect(allMonths[0]).toBe(earliest);
        expect(allMonths.at(-1)).toBe(lastCompleteMonth);
        // Contiguous: one item per month in between.
        const [y0 = 0, m0 = 0] = earliest.split('-').map(Number);
        const [y1 = 0, m1 = 0] = lastCompleteMonth.split('-').map(Number);
        expect(allMonths).toHaveLength((y1 - y0) * 12 + (m1 - m0) + 1);
      }),
    );
  });

  it('counts statuses at each month end as statusAt gives them', () => {
    fc.assert(
      fc.property(portfolio(), (projects) => {
        const items = compute(projects);
        for (const item of items.filter((i) => i.slice === 'all' && i.granularity === 'month')) {
          const expected = Object.fromEntries(lifecycleStatuses.map((status) => [status, 0]));
          for (const [project] of projects) {
            const history = project.statusHistory.map((entry) => ({
              ...entry,
              recordedAt: '2025-01-01T00:00:00.000Z',
              recordedBy: 'user-submitter',
            }));
            const status = statusAt({ statusHistory: history }, lastDayOf(item.period));
            if (status !== undefined) expected[status] = (expected[status] ?? 0) + 1;
          }
          expect(item.indicators.projects_by_status).toEqual(expected);
        }
      }),
    );
  });

  it('sums each month’s reports as they are given', () => {
    fc.assert(
      fc.property(portfolio(), (projects) => {
        const items = compute(projects);
        for (const item of items.filter((i) => i.slice === 'all' && i.granularity === 'month')) {
          const reports = projects.flatMap(([, list]) =>
            list.filter((report) => report.period === item.period),
          );
          expect(exactSum([numberOf(item, 'generation_mwh')])).toBe(
            exactSum(reports.map((r) => r.generationMwh)),
          );
          expect(exactSum([numberOf(item, 'project_emissions_tco2e')])).toBe(
            exactSum(reports.map((r) => r.projectTco2e)),
          );
          expect(exactSum([numberOf(item, 'emission_reductions_tco2e')])).toBe(
            exactSum(reports.map((r) => r.reductionsTco2e)),
          );
          expect(exactSum([numberOf(item, 'verified_reductions_tco2e')])).toBe(
            exactSum(reports.filter((r) => r.verified).map((r) => r.reductionsTco2e)),
          );
        }
      }),
    );
  });

  it('keeps reporting_coverage within 0–1, and verified_share too when no reductions are negative', () => {
    fc.assert(
      fc.property(portfolio({ nonNegativeReductions: true }), (projects) => {
        for (const item of compute(projects)) {
          for (const name of ['reporting_coverage', 'verified_share'] as const) {
            const value = item.indicators[name];
            if (value !== null) {
              expect(value).toBeGreaterThanOrEqual(0);
              expect(value).toBeLessThanOrEqual(1);
            }
          }
          expect(item.indicators.verified_share === null).toBe(
            numberOf(item, 'emission_reductions_tco2e') === 0,
          );
        }
      }),
    );
  });

  it('rounds ratios to 6 decimals of the exact quotient of the published sums', () => {
    fc.assert(
      fc.property(portfolio(), (projects) => {
        for (const item of compute(projects)) {
          const generation = numberOf(item, 'generation_mwh');
          const intensity = item.indicators.emissions_intensity_tco2e_per_mwh;
          expect(intensity === null).toBe(generation === 0);
          const reductions = numberOf(item, 'emission_reductions_tco2e');
          const share = item.indicators.verified_share;
          if (typeof share === 'number') {
            const exact = numberOf(item, 'verified_reductions_tco2e') / reductions;
            expect(Math.abs(share - exact)).toBeLessThanOrEqual(5e-7 + Math.abs(exact) * 1e-12);
            expect(Math.round(share * 1e6) / 1e6).toBe(share);
          }
        }
      }),
    );
  });

  it('compares growth with the previous period of the same group, null when there is none or it is 0', () => {
    fc.assert(
      fc.property(portfolio(), (projects) => {
        const items = compute(projects);
        const previous = new Map<string, IndicatorItem>();
        for (const item of items) {
          const id = `${item.granularity} ${groupKey(item)}`;
          const before = previous.get(id);
          const growth = objectOf(item, 'growth_vs_previous');
          for (const name of [
            'operating_capacity_mw',
            'generation_mwh',
            'emission_reductions_tco2e',
          ] as const) {
            const was = before === undefined ? 0 : numberOf(before, name);
            if (was === 0) {
              expect(growth[name]).toBeNull();
            } else {
              const exact = (numberOf(item, name) - was) / was;
              expect(Math.abs((growth[name] ?? Number.NaN) - exact)).toBeLessThanOrEqual(
                5e-7 + Math.abs(exact) * 1e-9,
              );
            }
          }
          previous.set(id, item);
        }
      }),
    );
  });
});
