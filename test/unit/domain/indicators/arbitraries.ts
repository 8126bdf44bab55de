/**
 * Generated portfolios for the indicator properties: accepted projects with lifecycle-valid status
 * histories, shares that add up to at most 100, investments with disbursements, annual targets, and
 * monthly reports (3-decimal figures,
 * reductions = baseline − project, so possibly negative) between 2023-10 and 2025-08, some of them
 * after the last complete month the tests use.
 */
import fc from 'fast-check';
import type { IndicatorProject, IndicatorReport } from '../../../../shared/domain/indicators/compute.ts';
import { lifecycleTransitions } from '../../../../shared/domain/projects/lifecycle.ts';
import {
  type CapacityUnit,
  lifecycleStatuses,
  programs,
  type Technology,
} from '../../../../shared/domain/projects/schema.ts';

/** Ends in the middle of a quarter, so that a quarter and a year are published to date. */
export const lastCompleteMonth = '2025-05';

const firstDay = Date.UTC(2023, 9, 1);
const lastDay = Date.UTC(2025, 7, 31);
const dayMs = 86_400_000;
const dayCount = (lastDay - firstDay) / dayMs + 1;
const monthsInWindow = 23; // 2023-10 … 2025-08

function dateOf(day: number): string {
  return new Date(firstDay + day * dayMs).toISOString().slice(0, 10);
}

function periodOf(monthOffset: number): string {
  const month = 2023 * 12 + 9 + monthOffset;
  return `${Math.floor(month / 12)}-${String((month % 12) + 1).padStart(2, '0')}`;
}

const countries = ['US', 'JP', 'AU', 'KR'] as const;
const hostCountries = ['US', 'JP', 'AU'] as const;
const technologies: readonly Technology[] = ['solar_pv', 'wind_offshore', 'hydrogen', 'storage'];
const capacityUnits: readonly CapacityUnit[] = ['MW', 'MW', 'MWh', 't_h2_per_year'];

/** A 3-decimal quantity from its thousandths. */
const thousandths = (min: number, max: number) => fc.integer({ min, max }).map((units) => units / 1000);

const statusHistory = fc
  .record({
    first: fc.constantFrom(...lifecycleStatuses),
    startDay: fc.integer({ min: 0, max: dayCount - 1 }),
    steps: fc.array(fc.record({ choice: fc.nat(), gapDays: fc.integer({ min: 0, max: 200 }) }), {
      maxLength: 5,
    }),
  })
  .map(({ first, startDay, steps }) => {
    const history = [{ status: first, effectiveDate: dateOf(startDay) }];
    let status = first;
    let day = startDay;
    for (const { choice, gapDays } of steps) {
      const next = lifecycleTransitions[status];
      if (next.length === 0 || day + gapDays >= dayCount) break;
      status = next[choice % next.length] ?? status;
      day += gapDays;
      history.push({ status, effectiveDate: dateOf(day) });
    }
    return history;
  });

const participants = fc
  .array(
    fc.record({
      country: fc.constantFrom(...countries),
      share: fc.option(fc.oneof(fc.integer({ min: 0, max: 25 }), thousandths(0, 25_000)), {
        nil: undefined,
      }),
    }),
    { minLength: 2, maxLength: 4 },
  )
  .map((list) =>
    list.map(({ country, share }) => (share === undefined ? { country } : { country, sharePct: share })),
  );

const investment = fc
  .record({
    investorCountry: fc.constantFrom(...countries),
    usdAmount: fc.integer({ min: 0, max: 5_000_000_000_00 }).map((cents) => cents / 100),
    committedDay: fc.integer({ min: 0, max: dayCount - 1 }),
    disbursements: fc.array(
      fc.record({
        afterDays: fc.integer({ min: 0, max: 400 }),
        cents: fc.integer({ min: 1, max: 1_000_000_000_00 }),
      }),
      { maxLength: 3 },
    ),
  })
  .map(({ committedDay, disbursements, ...fields }) => ({
    ...fields,
    committedOn: dateOf(committedDay),
    // Dated on or after the commitment, within the window (some after the last complete month).
    disbursements: disbursements
      .filter(({ afterDays }) => committedDay + afterDays < dayCount)
      .map(({ afterDays, cents }) => ({ date: dateOf(committedDay + afterDays), usdAmount: cents / 100 })),
  }));

/** Annual targets, each stated or not (3-decimal figures, 0 included). */
const expected = fc.option(
  fc
    .record({
      annualGenerationMwh: fc.option(thousandths(0, 500_000_000), { nil: undefined }),
      annualReductionsTco2e: fc.option(thousandths(0, 100_000_000), { nil: undefined }),
    })
    .map(({ annualGenerationMwh, annualReductionsTco2e }) => ({
      ...(annualGenerationMwh === undefined ? {} : { annualGenerationMwh }),
      ...(annualReductionsTco2e === undefined ? {} : { annualReductionsTco2e }),
    })),
  { nil: undefined },
);

/** One month's figures; with `nonNegative`, the baseline is at least the project emissions. */
function reportFigures(nonNegative: boolean) {
  return fc
    .record({
      generation: fc.option(thousandths(0, 50_000_000), { nil: undefined }),
      projectUnits: fc.integer({ min: 0, max: 5_000_000 }),
      baselineUnits: fc.integer({ min: 0, max: 50_000_000 }),
      verified: fc.boolean(),
    })
    .map(({ generation, projectUnits, baselineUnits, verified }) => {
      const baseline = nonNegative ? Math.max(baselineUnits, projectUnits) : baselineUnits;
      return {
        ...(generation === undefined ? {} : { generationMwh: generation }),
        projectTco2e: projectUnits / 1000,
        baselineTco2e: baseline / 1000,
        reductionsTco2e: (baseline - projectUnits) / 1000,
        verified,
      };
    });
}

function reports(nonNegative: boolean): fc.Arbitrary<IndicatorReport[]> {
  return fc
    .uniqueArray(
      fc.record({
        month: fc.integer({ min: 0, max: monthsInWindow - 1 }),
        figures: reportFigures(nonNegative),
      }),
      {
        selector: (report) => report.month,
        maxLength: monthsInWindow,
      },
    )
    .map((list) => list.map(({ month, figures }) => ({ period: periodOf(month), ...figures })));
}

function project(
  id: number,
  nonNegative: boolean,
): fc.Arbitrary<readonly [IndicatorProject, IndicatorReport[]]> {
  return fc
    .record({
      hostCountry: fc.constantFrom(...hostCountries),
      technology: fc.constantFrom(...technologies),
      programs: fc.subarray([...programs], { minLength: 1, maxLength: 3 }),
      capacity: fc.option(
        fc.record({
          value: fc.oneof(thousandths(1, 500_000), fc.double({ min: 0.001, max: 1000, noNaN: true })),
          unit: fc.constantFrom(...capacityUnits),
        }),
        { nil: undefined },
      ),
      participants,
      investments: fc.array(investment, { maxLength: 3 }),
      statusHistory,
      reports: reports(nonNegative),
      expected,
    })
    .map(({ capacity, reports, expected, ...fields }) => {
      const indicatorProject: IndicatorProject = {
        id: `project-${id}`,
        ...fields,
        ...(capacity === undefined ? {} : { capacity }),
        ...(expected === undefined ? {} : { expected }),
      };
      return [indicatorProject, reports] as const;
    });
}

/** Up to `maxProjects` accepted projects with their reports. */
export function portfolio(
  options: { readonly maxProjects?: number; readonly nonNegativeReductions?: boolean } = {},
): fc.Arbitrary<Array<readonly [IndicatorProject, IndicatorReport[]]>> {
  const { maxProjects = 6, nonNegativeReductions = false } = options;
  return fc
    .integer({ min: 0, max: maxProjects })
    .chain((count) =>
      fc.tuple(...Array.from({ length: count }, (_, id) => project(id, nonNegativeReductions))),
    );
}
