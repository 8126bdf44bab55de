import { describe, expect, it } from 'vitest';
import {
  IndicatorComputation,
  type IndicatorItem,
  type IndicatorProject,
  type IndicatorReport,
  indicatorCalcVersion,
  indicatorNames,
} from '../../../../shared/domain/indicators/compute.ts';

/** A US solar project of 10 MW, operating since 2025-01-10, shares US 50 / JP 50, no investments. */
function aProject(overrides: Partial<IndicatorProject> = {}): IndicatorProject {
  return {
    id: 'p-solar',
    hostCountry: 'US',
    technology: 'solar_pv',
    programs: ['jucip'],
    capacity: { value: 10, unit: 'MW' },
    participants: [
      { country: 'US', sharePct: 50 },
      { country: 'JP', sharePct: 50 },
    ],
    investments: [],
    statusHistory: [{ status: 'operating', effectiveDate: '2025-01-10' }],
    ...overrides,
  };
}

function aReport(period: string, overrides: Partial<IndicatorReport> = {}): IndicatorReport {
  return {
    period,
    generationMwh: 1_000,
    projectTco2e: 10,
    baselineTco2e: 410,
    reductionsTco2e: 400,
    verified: false,
    ...overrides,
  };
}

function compute(
  lastCompleteMonth: string,
  ...projects: ReadonlyArray<readonly [IndicatorProject, readonly IndicatorReport[]]>
): IndicatorItem[] {
  const computation = new IndicatorComputation({ lastCompleteMonth });
  for (const [project, reports] of projects) computation.addProject(project, reports);
  return computation.result();
}

function find(
  items: readonly IndicatorItem[],
  granularity: IndicatorItem['granularity'],
  period: string,
  slice: IndicatorItem['slice'] = 'all',
  key = 'all',
): IndicatorItem['indicators'] {
  const item = items.find(
    (i) => i.granularity === granularity && i.period === period && i.slice === slice && i.key === key,
  );
  if (item === undefined) throw new Error(`No item ${granularity} ${period} ${slice} ${key}`);
  return item.indicators;
}

const noStatus = {
  announced: 0,
  feasibility: 0,
  fid: 0,
  construction: 0,
  operating: 0,
  suspended: 0,
  retired: 0,
  cancelled: 0,
};

describe('IndicatorComputation', () => {
  it('names the 23 indicators in the spec’s order and its rules version', () => {
    expect(indicatorNames).toHaveLength(23);
    expect(indicatorNames[0]).toBe('projects_by_status');
    expect(indicatorNames[16]).toBe('growth_vs_previous');
    expect(indicatorNames.at(-1)).toBe('generation_vs_expected');
    expect(indicatorCalcVersion).toBe('indicators-2026.2');
  });

  it('answers no items without projects', () => {
    expect(compute('2025-12')).toEqual([]);
  });

  it('publishes a project without reports, with zero flows and the ratios it has no data for as null', () => {
    const items = compute('2025-02', [aProject(), []]);

    // 4 groups (all, US, solar_pv, jucip) × (2 months + 1 quarter + 1 year).
    expect(items).toHaveLength(16);
    expect(Object.keys(items[0]?.indicators ?? {})).toEqual([...indicatorNames]);
    expect(find(items, 'month', '2025-01')).toEqual({
      projects_by_status: { ...noStatus, operating: 1 },
      operating_capacity_mw: 10,
      capacity_added_mw: 10,
      investment_committed_usd: 0,
      investment_cumulative_usd: 0,
      investment_by_direction_usd: {},
      generation_mwh: 0,
      project_emissions_tco2e: 0,
      baseline_emissions_tco2e: 0,
      emission_reductions_tco2e: 0,
      verified_reductions_tco2e: 0,
      verified_share: null,
      emissions_intensity_tco2e_per_mwh: null,
      carbon_productivity_tco2e_per_musd: null,
      attributed_reductions_tco2e: {},
      reporting_coverage: 0,
      growth_vs_previous: {
        operating_capacity_mw: null,
        generation_mwh: null,
        emission_reductions_tco2e: null,
      },
      investment_disbursed_usd: 0,
      investment_disbursed_cumulative_usd: 0,
      disbursement_ratio: null,
      expected_reductions_tco2e: 0,
      reductions_vs_expected: null,
      generation_vs_expected: null,
    });
    expect(find(items, 'month', '2025-02').growth_vs_previous).toEqual({
      operating_capacity_mw: 0,
      generation_mwh: null,
      emission_reductions_tco2e: null,
    });
  });

  it('returns the same items when read twice, and takes more projects afterwards', () => {
    const computation = new IndicatorComputation({ lastCompleteMonth: '2025-03' });
    computation.addProject(aProject(), [aReport('2025-01')]);
    const first = computation.result();

    expect(computation.result()).toEqual(first);
    computation.addProject(aProject({ id: 'p-other', hostCountry: 'JP' }), [aReport('2025-01')]);
    expect(find(computation.result(), 'month', '2025-01').generation_mwh).toBe(2_000);
  });

  describe('periods', () => {
    it('publishes the current quarter and year to date, with stocks at the end of the last complete month', () => {
      const project = aProject({
        statusHistory: [
          { status: 'operating', effectiveDate: '2025-01-10' },
          { status: 'suspended', effectiveDate: '2025-05-02' },
        ],
      });
      const items = compute('2025-04', [project, [aReport('2025-04'), aReport('2025-05')]]);

      expect(items.filter((i) => i.slice === 'all').map((i) => `${i.granularity} ${i.period}`)).toEqual([
        'month 2025-01',
        'month 2025-02',
        'month 2025-03',
        'month 2025-04',
        'quarter 2025-Q1',
        'quarter 2025-Q2',
        'year 2025',
      ]);
      // The May report and suspension are after the last complete month.
      expect(find(items, 'quarter', '2025-Q2').generation_mwh).toBe(1_000);
      expect(find(items, 'quarter', '2025-Q2').operating_capacity_mw).toBe(10);
      expect(find(items, 'quarter', '2025-Q2').reporting_coverage).toBe(1);
      expect(find(items, 'year', '2025').reporting_coverage).toBe(0); // Jan–Mar unreported
    });

    it('publishes nothing for a project whose data all come after the last complete month', () => {
      const project = aProject({ statusHistory: [{ status: 'announced', effectiveDate: '2026-01-05' }] });

      expect(compute('2025-12', [project, [aReport('2026-01')]])).toEqual([]);
    });

    it('puts a report dated before the first status in its month, with the project under no status', () => {
      const project = aProject({ statusHistory: [{ status: 'construction', effectiveDate: '2025-03-01' }] });
      const items = compute('2025-03', [project, [aReport('2025-01')]]);

      expect(find(items, 'month', '2025-01').projects_by_status).toEqual(noStatus);
      expect(find(items, 'month', '2025-01').emission_reductions_tco2e).toBe(400);
      expect(find(items, 'quarter', '2025-Q1').projects_by_status).toEqual({ ...noStatus, construction: 1 });
    });

    it('keeps retired and cancelled projects in force, under their status, with their past in the cumulative figures', () => {
      const retired = aProject({
        investments: [{ investorCountry: 'JP', usdAmount: 2_000_000, committedOn: '2024-12-01' }],
        statusHistory: [
          { status: 'operating', effectiveDate: '2025-01-10' },
          { status: 'retired', effectiveDate: '2025-02-20' },
        ],
      });
      const cancelled = aProject({
        id: 'p-cancelled',
        statusHistory: [
          { status: 'announced', effectiveDate: '2025-01-02' },
          { status: 'cancelled', effectiveDate: '2025-01-30' },
        ],
      });
      const items = compute('2025-03', [retired, [aReport('2025-01')]], [cancelled, []]);
      const march = find(items, 'month', '2025-03');

      expect(march.projects_by_status).toEqual({ ...noStatus, retired: 1, cancelled: 1 });
      expect(march.operating_capacity_mw).toBe(0);
      expect(march.investment_cumulative_usd).toBe(2_000_000);
      expect(march.carbon_productivity_tco2e_per_musd).toBe(200); // 400 t / 2 MUSD
      expect(march.reporting_coverage).toBeNull();
    });

    it('takes the entry recorded last among those effective the same day', () => {
      const project = aProject({
        statusHistory: [
          { status: 'construction', effectiveDate: '2025-01-10' },
          { status: 'operating', effectiveDate: '2025-01-20' },
          { status: 'suspended', effectiveDate: '2025-01-20' },
        ],
      });
      const items = compute('2025-01', [project, []]);

      expect(find(items, 'month', '2025-01').projects_by_status).toEqual({ ...noStatus, suspended: 1 });
      expect(find(items, 'month', '2025-01').operating_capacity_mw).toBe(0);
      // It did move into operating within the month.
      expect(find(items, 'month', '2025-01').capacity_added_mw).toBe(10);
    });
  });

  describe('capacity', () => {
    it('adds capacity once, at the first move into operating; a restart brings back operating capacity only', () => {
      const project = aProject({
        statusHistory: [
          { status: 'construction', effectiveDate: '2024-11-01' },
          { status: 'operating', effectiveDate: '2025-01-10' },
          { status: 'suspended', effectiveDate: '2025-02-10' },
          { status: 'operating', effectiveDate: '2025-03-10' },
        ],
      });
      const items = compute('2025-03', [project, []]);

      expect(['2025-01', '2025-02', '2025-03'].map((m) => find(items, 'month', m).capacity_added_mw)).toEqual(
        [10, 0, 0],
      );
      expect(
        ['2025-01', '2025-02', '2025-03'].map((m) => find(items, 'month', m).operating_capacity_mw),
      ).toEqual([10, 0, 10]);
      expect(find(items, 'month', '2025-03').growth_vs_previous).toMatchObject({
        operating_capacity_mw: null,
      });
      expect(find(items, 'quarter', '2025-Q1').capacity_added_mw).toBe(10);
    });

    it('counts only MW capacity', () => {
      const storage = aProject({ technology: 'storage', capacity: { value: 40, unit: 'MWh' } });
      const { capacity: _, ...withoutCapacity } = aProject({ id: 'p-no-capacity' });
      const items = compute('2025-01', [storage, []], [withoutCapacity, []]);

      expect(find(items, 'month', '2025-01').operating_capacity_mw).toBe(0);
      expect(find(items, 'month', '2025-01').capacity_added_mw).toBe(0);
      expect(find(items, 'month', '2025-01').projects_by_status).toEqual({ ...noStatus, operating: 2 });
    });
  });

  describe('slices', () => {
    it('counts a project in each of its programs and once everywhere else', () => {
      const project = aProject({ programs: ['jucip', 'selectusa'] });
      const items = compute('2025-01', [project, [aReport('2025-01')]]);

      expect(find(items, 'month', '2025-01', 'program', 'jucip').generation_mwh).toBe(1_000);
      expect(find(items, 'month', '2025-01', 'program', 'selectusa').generation_mwh).toBe(1_000);
      expect(find(items, 'month', '2025-01').generation_mwh).toBe(1_000);
      expect(items.filter((i) => i.granularity === 'month').map((i) => `${i.slice}:${i.key}`)).toEqual([
        'all:all',
        'host_country:US',
        'technology:solar_pv',
        'program:jucip',
        'program:selectusa',
      ]);
    });

    it('keys investments by investor country → host country', () => {
      const project = aProject({
        hostCountry: 'JP',
        investments: [
          { investorCountry: 'US', usdAmount: 1_000.1, committedOn: '2025-01-05' },
          { investorCountry: 'US', usdAmount: 0.2, committedOn: '2025-01-06' },
          { investorCountry: 'JP', usdAmount: 0, committedOn: '2025-01-07' },
        ],
      });
      const items = compute('2025-01', [project, []]);

      expect(find(items, 'month', '2025-01').investment_by_direction_usd).toEqual({
        'JP→JP': 0,
        'US→JP': 1_000.3,
      });
      expect(find(items, 'month', '2025-01').investment_committed_usd).toBe(1_000.3);
    });
  });

  describe('null rules', () => {
    it('leaves verified_share null when the reductions sum to 0', () => {
      const items = compute(
        '2025-01',
        [aProject(), [aReport('2025-01', { reductionsTco2e: 5, verified: true })]],
        [aProject({ id: 'p-2' }), [aReport('2025-01', { reductionsTco2e: -5 })]],
      );

      expect(find(items, 'month', '2025-01').emission_reductions_tco2e).toBe(0);
      expect(find(items, 'month', '2025-01').verified_share).toBeNull();
    });

    it('leaves the intensity null when no report gives generation, and counts only reports that give it', () => {
      const withoutGeneration = aReport('2025-01', { projectTco2e: 7 });
      const { generationMwh: _, ...noGeneration } = withoutGeneration;
      const zeroGeneration = aReport('2025-02', { generationMwh: 0, projectTco2e: 3 });
      const items = compute('2025-03', [aProject(), [noGeneration, zeroGeneration, aReport('2025-03')]]);

      expect(find(items, 'month', '2025-01').emissions_intensity_tco2e_per_mwh).toBeNull();
      expect(find(items, 'month', '2025-02').emissions_intensity_tco2e_per_mwh).toBeNull();
      // Q1: (3 + 10) t over 0 + 1,000 MWh; January's 7 t have no generation.
      expect(find(items, 'quarter', '2025-Q1').emissions_intensity_tco2e_per_mwh).toBe(0.013);
      expect(find(items, 'quarter', '2025-Q1').project_emissions_tco2e).toBe(20);
    });

    it('leaves carbon productivity null until some investment is committed, a 0 USD one included', () => {
      const project = aProject({
        investments: [
          { investorCountry: 'US', usdAmount: 0, committedOn: '2025-01-20' },
          { investorCountry: 'US', usdAmount: 3_000_000, committedOn: '2025-02-20' },
        ],
      });
      const items = compute('2025-02', [project, [aReport('2025-01'), aReport('2025-02')]]);

      expect(find(items, 'month', '2025-01').carbon_productivity_tco2e_per_musd).toBeNull();
      // 800 t to the end of February / 3 MUSD = 266.666…
      expect(find(items, 'month', '2025-02').carbon_productivity_tco2e_per_musd).toBe(266.666667);
    });

    it('leaves growth null for a group’s first period and after a period with 0', () => {
      const items = compute('2025-03', [
        aProject(),
        [aReport('2025-02'), aReport('2025-03', { generationMwh: 1_500 })],
      ]);

      expect(find(items, 'month', '2025-01').growth_vs_previous).toEqual({
        operating_capacity_mw: null,
        generation_mwh: null,
        emission_reductions_tco2e: null,
      });
      expect(find(items, 'month', '2025-02').growth_vs_previous).toEqual({
        operating_capacity_mw: 0,
        generation_mwh: null,
        emission_reductions_tco2e: null,
      });
      expect(find(items, 'month', '2025-03').growth_vs_previous).toEqual({
        operating_capacity_mw: 0,
        generation_mwh: 0.5,
        emission_reductions_tco2e: 0,
      });
      expect(find(items, 'quarter', '2025-Q1').growth_vs_previous).toEqual({
        operating_capacity_mw: null,
        generation_mwh: null,
        emission_reductions_tco2e: null,
      });
    });
  });

  describe('negative reductions', () => {
    it('sums them as they are, splits them like positive ones and follows the ratio formulas literally', () => {
      const items = compute(
        '2025-02',
        [
          aProject(),
          [aReport('2025-01', { reductionsTco2e: -0.003 }), aReport('2025-02', { reductionsTco2e: 0.001 })],
        ],
        [aProject({ id: 'p-2' }), [aReport('2025-02', { reductionsTco2e: -0.005, verified: true })]],
      );
      const january = find(items, 'month', '2025-01');
      const february = find(items, 'month', '2025-02');

      // −3 thousandths at 50/50: quotas 1.5 each; the leftover goes to JP, first in key order.
      expect(january.attributed_reductions_tco2e).toEqual({ JP: -0.002, US: -0.001 });
      expect(february.emission_reductions_tco2e).toBe(-0.004);
      // 1 → JP 0.001, US 0; −5 → JP −0.003, US −0.002.
      expect(february.attributed_reductions_tco2e).toEqual({ JP: -0.002, US: -0.002 });
      expect(february.verified_share).toBe(1.25); // −0.005 / −0.004
      expect(february.growth_vs_previous).toMatchObject({ emission_reductions_tco2e: 0.333333 }); // (−0.004 + 0.003) / −0.003
    });
  });

  describe('attribution', () => {
    it('gives the thousandth left over to the largest remainder, and keys the uncovered part unattributed', () => {
      const project = aProject({
        participants: [
          { country: 'US', sharePct: 33.3 },
          { country: 'JP', sharePct: 33.3 },
          { country: 'KR', sharePct: 33.4 },
        ],
      });
      const partial = aProject({
        id: 'p-partial',
        participants: [
          { country: 'US', sharePct: 10 },
          { country: 'US', sharePct: 15.5 },
          { country: 'JP', sharePct: 0 },
          { country: 'KR' },
        ],
      });
      const items = compute(
        '2025-01',
        [project, [aReport('2025-01', { reductionsTco2e: 0.001 })]],
        [partial, [aReport('2025-01', { reductionsTco2e: 1.234 })]],
      );

      // 0.001 → KR (33.4 has the largest remainder). 1.234 → US 25.5% = 0.31467 → 0.315 (remainder .67
      // beats unattributed's .33), unattributed 74.5% = 0.91933 → 0.919; JP's 0 share is no key.
      expect(find(items, 'month', '2025-01').attributed_reductions_tco2e).toEqual({
        JP: 0,
        KR: 0.001,
        US: 0.315,
        unattributed: 0.919,
      });
    });

    it('takes shares that add up to a hair over 100 in proportion, without a negative unattributed part', () => {
      const project = aProject({
        participants: [
          { country: 'US', sharePct: 50.0000000005 },
          { country: 'JP', sharePct: 50 },
        ],
      });
      const items = compute('2025-01', [project, [aReport('2025-01', { reductionsTco2e: 1000 })]]);

      expect(find(items, 'month', '2025-01').attributed_reductions_tco2e).toEqual({ JP: 500, US: 500 });
    });
  });

  describe('exactness', () => {
    it('rounds each figure to 3 decimals before summing, so months add up to quarters', () => {
      const items = compute('2025-02', [
        aProject(),
        [aReport('2025-01', { generationMwh: 0.0005 }), aReport('2025-02', { generationMwh: 1.00049 })],
      ]);

      expect(find(items, 'month', '2025-01').generation_mwh).toBe(0.001);
      expect(find(items, 'month', '2025-02').generation_mwh).toBe(1);
      expect(find(items, 'quarter', '2025-Q1').generation_mwh).toBe(1.001);
    });

    it('adds 0.1 + 0.2 as 0.3 and carries sums beyond 2^53 thousandths exactly', () => {
      const small = compute(
        '2025-01',
        [aProject(), [aReport('2025-01', { projectTco2e: 0.1 })]],
        [aProject({ id: 'p-2' }), [aReport('2025-01', { projectTco2e: 0.2 })]],
      );
      const large = compute('2025-03', [
        aProject(),
        ['2025-01', '2025-02', '2025-03'].map((m) => aReport(m, { baselineTco2e: 4_000_000_000_000 })),
      ]);

      expect(find(small, 'month', '2025-01').project_emissions_tco2e).toBe(0.3);
      expect(find(large, 'quarter', '2025-Q1').baseline_emissions_tco2e).toBe(12_000_000_000_000);
    });
  });

  describe('bad input', () => {
    it('refuses a malformed last complete month', () => {
      expect(() => new IndicatorComputation({ lastCompleteMonth: '2025-13' })).toThrow(TypeError);
      expect(() => new IndicatorComputation({ lastCompleteMonth: '2025-1' })).toThrow(/lastCompleteMonth/);
    });

    it('refuses a malformed period or date, naming the project and the field', () => {
      const computation = new IndicatorComputation({ lastCompleteMonth: '2025-12' });

      expect(() => computation.addProject(aProject(), [aReport('2025/01')])).toThrow(
        /Project p-solar: reports\.0\.period/,
      );
      const badDate = aProject({ statusHistory: [{ status: 'operating', effectiveDate: '2025-01' }] });
      expect(() => computation.addProject(badDate, [])).toThrow(/statusHistory\.0\.effectiveDate/);
    });

    it('refuses two reports of one project for the same month', () => {
      const computation = new IndicatorComputation({ lastCompleteMonth: '2025-12' });

      expect(() => computation.addProject(aProject(), [aReport('2025-01'), aReport('2025-01')])).toThrow(
        /two reports for 2025-01/,
      );
    });

    it('refuses numbers that are not finite', () => {
      const computation = new IndicatorComputation({ lastCompleteMonth: '2025-12' });

      expect(() =>
        computation.addProject(aProject(), [aReport('2025-01', { reductionsTco2e: Number.NaN })]),
      ).toThrow(RangeError);
    });
  });
  describe('disbursements and expected outcomes (partial periods)', () => {
    const committed = {
      investorCountry: 'JP',
      usdAmount: 1_000,
      committedOn: '2025-01-05',
      disbursements: [
        { date: '2025-01-20', usdAmount: 100.01 },
        { date: '2025-02-28', usdAmount: 250 },
        { date: '2025-04-01', usdAmount: 300 },
      ],
    };

    it('counts disbursements in the month of their date, cumulates them, and leaves out those after the last complete month', () => {
      const items = compute('2025-03', [aProject({ investments: [committed] }), []]);

      expect(find(items, 'month', '2025-01').investment_disbursed_usd).toBe(100.01);
      expect(find(items, 'month', '2025-02').investment_disbursed_cumulative_usd).toBe(350.01);
      // The quarter is whole; the year to date ends with March, before the April disbursement.
      expect(find(items, 'quarter', '2025-Q1').investment_disbursed_usd).toBe(350.01);
      expect(find(items, 'year', '2025').investment_disbursed_cumulative_usd).toBe(350.01);
      expect(find(items, 'year', '2025').disbursement_ratio).toBe(0.35001); // 350.01 / 1,000
    });

    it('gives no disbursement ratio before anything is committed', () => {
      const items = compute('2025-01', [
        aProject({ statusHistory: [{ status: 'fid', effectiveDate: '2024-12-01' }] }),
        [],
      ]);

      expect(find(items, 'month', '2024-12').disbursement_ratio).toBeNull();
    });

    it('expects a twelfth of the annual target, rounded to thousandths, for each month at whose end the project operates', () => {
      const project = aProject({
        expected: { annualReductionsTco2e: 100, annualGenerationMwh: 12_000 },
        // Operating from 2025-01-10 (January counts whole), suspended 2025-03-15 (March not at all).
        statusHistory: [
          { status: 'operating', effectiveDate: '2025-01-10' },
          { status: 'suspended', effectiveDate: '2025-03-15' },
        ],
      });
      const items = compute('2025-03', [
        project,
        [aReport('2025-01'), aReport('2025-02'), aReport('2025-03')],
      ]);

      expect(find(items, 'month', '2025-01').expected_reductions_tco2e).toBe(8.333); // 100 / 12
      expect(find(items, 'month', '2025-03').expected_reductions_tco2e).toBe(0);
      // Q1: January and February only; March's report is not compared, as nothing was expected then.
      expect(find(items, 'quarter', '2025-Q1').expected_reductions_tco2e).toBe(16.666);
      expect(find(items, 'quarter', '2025-Q1').reductions_vs_expected).toBe(48.00192); // 800 / 16.666
      expect(find(items, 'quarter', '2025-Q1').generation_vs_expected).toBe(1); // 2,000 / (2 × 1,000)
      expect(find(items, 'month', '2025-03').reductions_vs_expected).toBeNull();
    });

    it('sums twelve rounded months into a year, which may differ from the annual figure by a few thousandths', () => {
      const project = aProject({
        expected: { annualReductionsTco2e: 100 },
        statusHistory: [{ status: 'operating', effectiveDate: '2024-01-01' }],
      });
      const items = compute('2024-12', [project, []]);

      expect(find(items, 'year', '2024').expected_reductions_tco2e).toBe(99.996); // 12 × 8.333
      expect(find(items, 'year', '2024').reductions_vs_expected).toBe(0); // no reports: nothing achieved
    });

    it('leaves projects without a target out of both sides of the comparison', () => {
      const withTarget = aProject({ id: 'p-target', expected: { annualReductionsTco2e: 4_800 } });
      const without = aProject({ id: 'p-none' });
      const items = compute(
        '2025-01',
        [withTarget, [aReport('2025-01', { reductionsTco2e: 300 })]],
        [without, [aReport('2025-01')]],
      );

      expect(find(items, 'month', '2025-01').emission_reductions_tco2e).toBe(700);
      expect(find(items, 'month', '2025-01').expected_reductions_tco2e).toBe(400);
      expect(find(items, 'month', '2025-01').reductions_vs_expected).toBe(0.75); // 300 / 400
      expect(find(items, 'month', '2025-01').generation_vs_expected).toBeNull();
    });

    it('gives a null comparison when the target is 0', () => {
      const project = aProject({ expected: { annualReductionsTco2e: 0 } });
      const items = compute('2025-01', [project, [aReport('2025-01')]]);

      expect(find(items, 'month', '2025-01').expected_reductions_tco2e).toBe(0);
      expect(find(items, 'month', '2025-01').reductions_vs_expected).toBeNull();
    });
  });
});
