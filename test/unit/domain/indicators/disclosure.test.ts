import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  IndicatorComputation,
  type IndicatorItem,
  type IndicatorProject,
  type IndicatorReport,
} from '../../../../shared/domain/indicators/compute.ts';
import {
  type CellStatistics,
  cumulativeReductionsCell,
  intensityEmissionsCell,
} from '../../../../shared/domain/indicators/contributors.ts';
import {
  type DisclosureOptions,
  disclosureCalcVersion,
  failClosedPattern,
  publishedItem,
  suppressionPattern,
} from '../../../../shared/domain/indicators/disclosure.ts';
import { lastCompleteMonth, portfolio } from './arbitraries.ts';
import {
  attack,
  cumulativeReductions,
  expectedGeneration,
  intensityEmissions,
  targetedGeneration,
  targetedReductions,
} from './attacker.ts';

type Portfolio = ReadonlyArray<readonly [IndicatorProject, readonly IndicatorReport[]]>;

function computed(projects: Portfolio, last = lastCompleteMonth) {
  const computation = new IndicatorComputation({ lastCompleteMonth: last });
  for (const [project, reports] of projects) computation.addProject(project, reports);
  return computation.resultWithStatistics();
}

function anonymousRun(projects: Portfolio, options: DisclosureOptions = {}, last = lastCompleteMonth) {
  const { items, statistics } = computed(projects, last);
  const pattern = suppressionPattern(items, statistics, options);
  return {
    items,
    statistics,
    pattern,
    anonymous: items.map((item, i) => publishedItem(item, pattern[i] ?? {}, 'public')),
  };
}

/** The attacker's names of the amounts that are not published but that ratios expose. */
const hiddenNames: Readonly<Record<string, string>> = {
  [cumulativeReductionsCell]: cumulativeReductions,
  [intensityEmissionsCell]: intensityEmissions,
  '~targeted_reductions': targetedReductions,
  '~targeted_generation': targetedGeneration,
  '~expected_generation': expectedGeneration,
};
const attackerName = (name: string) => hiddenNames[name] ?? name;
const hiddenAttackerNames = new Set(Object.values(hiddenNames));

/** The cells the primary rules make confidential, worked out here from the statistics alone. */
function primaryCells(statistics: readonly CellStatistics[]): Set<string> {
  const cells = new Set<string>();
  statistics.forEach((cellsOfItem, i) => {
    for (const [name, stats] of Object.entries(cellsOfItem)) {
      if (name === 'reporting_coverage') continue;
      const few = stats.count > 0 && stats.count < 3;
      const dominated = BigInt(stats.maxAbs) * 100n > 85n * stats.sumAbs;
      if (few || dominated) cells.add(`${i}|${attackerName(name)}`);
    }
  });
  return cells;
}

function find(
  items: readonly IndicatorItem[],
  granularity: string,
  period: string,
  slice: string,
  key: string,
) {
  const index = items.findIndex(
    (i) => i.granularity === granularity && i.period === period && i.slice === slice && i.key === key,
  );
  if (index < 0) throw new Error(`No item ${granularity} ${period} ${slice} ${key}`);
  return index;
}

/** A 10 MW project in `hostCountry`, operating from 2025-01, reporting Jan–Mar 2025. */
function aProject(
  id: string,
  hostCountry: string,
  reductions: number,
): readonly [IndicatorProject, IndicatorReport[]] {
  return [
    {
      id,
      hostCountry,
      technology: 'solar_pv',
      programs: ['jucip'],
      capacity: { value: 10, unit: 'MW' },
      participants: [{ country: 'US', sharePct: 100 }],
      investments: [{ investorCountry: 'JP', usdAmount: 1_000_000, committedOn: '2025-01-15' }],
      statusHistory: [{ status: 'operating', effectiveDate: '2025-01-01' }],
    },
    ['2025-01', '2025-02', '2025-03'].map((period) => ({
      period,
      generationMwh: 1_000,
      projectTco2e: 10,
      baselineTco2e: 10 + reductions,
      reductionsTco2e: reductions,
      verified: true,
    })),
  ];
}

/** Four comparable US projects and one JP project: JP's cells are confidential. */
const usAndOneJapanese: Portfolio = [
  aProject('us-1', 'US', 100),
  aProject('us-2', 'US', 110),
  aProject('us-3', 'US', 120),
  aProject('us-4', 'US', 130),
  aProject('jp-1', 'JP', 140),
];

describe('contributor statistics', () => {
  it('counts each project once per cell, with Σ|contribution| and the largest one, in exact units', () => {
    const { items, statistics } = computed(usAndOneJapanese, '2025-03');
    const stats = (granularity: string, period: string, name: string) =>
      statistics[find(items, granularity, period, 'all', 'all')]?.[name];
    const reductions = (100 + 110 + 120 + 130 + 140) * 1000;
    expect(stats('month', '2025-02', 'emission_reductions_tco2e')).toEqual({
      count: 5,
      sumAbs: BigInt(reductions),
      maxAbs: 140_000,
    });
    // A quarter's contribution of a project is the sum of its months.
    expect(stats('quarter', '2025-Q1', 'emission_reductions_tco2e')).toEqual({
      count: 5,
      sumAbs: BigInt(3 * reductions),
      maxAbs: 420_000,
    });
    expect(stats('quarter', '2025-Q1', 'attributed_reductions_tco2e.US')?.count).toBe(5);
    expect(stats('month', '2025-01', 'investment_committed_usd')).toEqual({
      count: 5,
      sumAbs: 500_000_000n,
      maxAbs: 100_000_000,
    });
    expect(stats('month', '2025-02', 'investment_committed_usd')).toEqual({
      count: 0,
      sumAbs: 0n,
      maxAbs: 0,
    });
    // Stocks: everything committed or operating by the period end.
    expect(stats('month', '2025-03', 'investment_cumulative_usd')?.count).toBe(5);
    expect(stats('quarter', '2025-Q1', 'operating_capacity_mw')).toEqual({
      count: 5,
      sumAbs: 50_000n,
      maxAbs: 10_000,
    });
    expect(stats('month', '2025-03', cumulativeReductionsCell)?.maxAbs).toBe(420_000);
    expect(stats('year', '2025', 'reporting_coverage')?.count).toBe(5);
    const japan = statistics[find(items, 'month', '2025-02', 'host_country', 'JP')];
    expect(japan?.emission_reductions_tco2e?.count).toBe(1);
  });
});

describe('statistical disclosure control', () => {
  it('marks a cell with fewer than 3 contributors C and shows it to the public as null', () => {
    const { items, anonymous } = anonymousRun(usAndOneJapanese, {}, '2025-03');
    const japan = find(items, 'month', '2025-02', 'host_country', 'JP');
    expect(anonymous[japan]?.confStatus.emission_reductions_tco2e).toBe('C');
    expect(anonymous[japan]?.indicators.emission_reductions_tco2e).toBeNull();
    expect(items[japan]?.indicators.emission_reductions_tco2e).toBe(140);
    expect(anonymous[japan]?.confStatus['attributed_reductions_tco2e.US']).toBe('C');
    expect(anonymous[japan]?.indicators.attributed_reductions_tco2e).toEqual({ US: null });
    // The ratio computed from the suppressed amounts goes with them.
    expect(anonymous[japan]?.confStatus.verified_share).toBe('C');
  });

  it('never suppresses projects_by_status', () => {
    const { anonymous } = anonymousRun(usAndOneJapanese, {}, '2025-03');
    for (const item of anonymous) {
      expect(Object.keys(item.confStatus).some((name) => name.startsWith('projects_by_status'))).toBe(false);
      expect(item.indicators.projects_by_status).not.toBeNull();
    }
  });

  it('suppresses a further cell so that the key cannot be recomputed from all − the other keys', () => {
    const { items, anonymous } = anonymousRun(usAndOneJapanese, {}, '2025-03');
    const all = find(items, 'month', '2025-02', 'all', 'all');
    const us = find(items, 'month', '2025-02', 'host_country', 'US');
    const suppressed = [all, us].filter((i) => anonymous[i]?.confStatus.emission_reductions_tco2e === 'D');
    expect(suppressed.length).toBeGreaterThan(0);
  });

  it('marks a cell dominated by one contributor (> 85% of Σ|contributions|) C, and not one at 80%', () => {
    const dominated: Portfolio = [aProject('a', 'US', 1), aProject('b', 'US', 1), aProject('c', 'US', 20)];
    const balanced: Portfolio = [aProject('a', 'US', 1), aProject('b', 'US', 1.5), aProject('c', 'US', 10)];
    const reductionsStatus = (projects: Portfolio) => {
      const { items, anonymous } = anonymousRun(projects, {}, '2025-03');
      return anonymous[find(items, 'month', '2025-02', 'all', 'all')]?.confStatus.emission_reductions_tco2e;
    };
    expect(reductionsStatus(dominated)).toBe('C'); // 20 / 22 = 91%
    expect(reductionsStatus(balanced)).toBeUndefined(); // 10 / 12.5 = 80%
  });

  it('lets a caller with a token see every value, with the same confStatus', () => {
    const { items, pattern } = anonymousRun(usAndOneJapanese, {}, '2025-03');
    const japan = find(items, 'month', '2025-02', 'host_country', 'JP');
    const seen = publishedItem(items[japan] as IndicatorItem, pattern[japan] ?? {}, 'authenticated');
    expect(seen.indicators).toEqual(items[japan]?.indicators);
    expect(seen.confStatus).toEqual(pattern[japan]);
  });

  it('gives the same pattern for the same run, whatever order the projects came in', () => {
    fc.assert(
      fc.property(portfolio({ maxProjects: 10 }), (projects) => {
        const forward = anonymousRun(projects).pattern;
        const backward = anonymousRun([...projects].reverse()).pattern;
        expect(backward).toEqual(forward);
      }),
      { numRuns: 10 },
    );
  }, 60_000);

  it('refuses a minimum below 3 contributors and names its parameters in calcVersion', () => {
    expect(() => suppressionPattern([], [], { minContributors: 2 })).toThrow(RangeError);
    expect(() => disclosureCalcVersion({ minContributors: 2 })).toThrow(/at least 3/);
    expect(disclosureCalcVersion()).toBe('sdc-2026.2-n3-k85');
    expect(disclosureCalcVersion({ minContributors: 5 })).toBe('sdc-2026.2-n5-k85');
  });

  it('raises the minimum when configured higher', () => {
    const { items } = anonymousRun(usAndOneJapanese, {}, '2025-03');
    const us = find(items, 'month', '2025-02', 'host_country', 'US');
    const atThree = anonymousRun(usAndOneJapanese, {}, '2025-03').pattern[us];
    const atFive = anonymousRun(usAndOneJapanese, { minContributors: 5 }, '2025-03').pattern[us];
    expect(atThree?.emission_reductions_tco2e).not.toBe('C');
    expect(atFive?.emission_reductions_tco2e).toBe('C');
  });

  it('fails closed for an item stored without a pattern: every suppressible cell is C', () => {
    const { items } = anonymousRun(usAndOneJapanese, {}, '2025-03');
    const all = items[find(items, 'quarter', '2025-Q1', 'all', 'all')] as IndicatorItem;
    const pattern = failClosedPattern(all);
    expect(pattern.emission_reductions_tco2e).toBe('C');
    expect(pattern['growth_vs_previous.generation_mwh']).toBe('C');
    expect(pattern['investment_by_direction_usd.JP→US']).toBe('C');
    expect(Object.keys(pattern).some((name) => name.startsWith('projects_by_status'))).toBe(false);
    const seen = publishedItem(all, pattern, 'public');
    expect(seen.indicators.operating_capacity_mw).toBeNull();
    expect(seen.indicators.projects_by_status).toEqual(all.indicators.projects_by_status);
  });
});

describe('disbursements and expected outcomes under disclosure control', () => {
  /** The US projects disburse alike; jp-1 alone states a target and disburses in Japan. */
  const withDisbursements: Portfolio = usAndOneJapanese.map(([project, reports]) => {
    const [investment] = project.investments as [IndicatorProject['investments'][number]];
    const disbursed = { ...investment, disbursements: [{ date: '2025-02-10', usdAmount: 400_000 }] };
    const targets = project.id === 'jp-1' ? { expected: { annualReductionsTco2e: 1_200 } } : {};
    return [{ ...project, ...targets, investments: [disbursed] }, reports] as const;
  });

  it('suppresses the disbursed amounts of one contributor and every ratio computed from them', () => {
    const { items, pattern } = anonymousRun(withDisbursements, {}, '2025-03');
    const jp = pattern[find(items, 'month', '2025-02', 'host_country', 'JP')] ?? {};
    const us = pattern[find(items, 'month', '2025-02', 'host_country', 'US')] ?? {};

    expect(jp).toMatchObject({
      investment_disbursed_usd: 'C',
      investment_disbursed_cumulative_usd: 'C',
      disbursement_ratio: 'C',
      expected_reductions_tco2e: 'C',
      reductions_vs_expected: 'C',
    });
    // Four alike US projects: free, but for the secondary cells that keep JP's from `all` − US.
    expect(us.disbursement_ratio).not.toBe('C');
  });

  it('never lets the ratio and the published denominator give a suppressed numerator back', () => {
    const { items, pattern } = anonymousRun(withDisbursements, {}, '2025-03');

    items.forEach((item, i) => {
      const cells = pattern[i] ?? {};
      if (cells.investment_disbursed_cumulative_usd || cells.investment_cumulative_usd)
        expect(cells.disbursement_ratio, `${item.period} ${item.key}`).toBeDefined();
      if (cells.expected_reductions_tco2e) expect(cells.reductions_vs_expected).toBeDefined();
    });
  });
});

describe('the attacker', () => {
  it('recovers a confidential cell when secondary suppression is off (so it can fail)', () => {
    const { statistics, anonymous } = anonymousRun(usAndOneJapanese, { secondary: false }, '2025-03');
    const confidential = primaryCells(statistics);
    const { derived } = attack(anonymous);
    expect([...derived].filter((c) => confidential.has(c)).length).toBeGreaterThan(0);
  });

  it('recovers no confidential cell of the same portfolio with secondary suppression on', () => {
    const { statistics, anonymous } = anonymousRun(usAndOneJapanese, {}, '2025-03');
    const confidential = primaryCells(statistics);
    const { known } = attack(anonymous);
    expect([...known].filter((c) => confidential.has(c))).toEqual([]);
  });

  it('recovers no confidential cell of any generated portfolio, chaining every derivation', () => {
    fc.assert(
      fc.property(portfolio({ maxProjects: 14, nonNegativeReductions: true }), (projects) => {
        const { statistics, anonymous, pattern } = anonymousRun(projects);
        const confidential = primaryCells(statistics);
        // Every published primary cell is marked C.
        for (const cellName of confidential) {
          const [index, name] = cellName.split('|') as [string, string];
          if (hiddenAttackerNames.has(name)) continue;
          expect(pattern[Number(index)]?.[name]).toBe('C');
        }
        const { known } = attack(anonymous);
        expect([...known].filter((c) => confidential.has(c))).toEqual([]);
      }),
      { numRuns: 30 },
    );
  }, 120_000);

  it('also holds with negative reductions and a higher minimum', () => {
    fc.assert(
      fc.property(portfolio({ maxProjects: 12 }), (projects) => {
        const { statistics, anonymous } = anonymousRun(projects, { minContributors: 4 });
        const confidential = new Set(
          [...primaryCells(statistics)].concat(
            statistics.flatMap((cells, i) =>
              Object.entries(cells)
                .filter(([name, s]) => name !== 'reporting_coverage' && s.count === 3)
                .map(([name]) => `${i}|${attackerName(name)}`),
            ),
          ),
        );
        const { known } = attack(anonymous);
        expect([...known].filter((c) => confidential.has(c))).toEqual([]);
      }),
      { numRuns: 25 },
    );
  }, 60_000);
});
