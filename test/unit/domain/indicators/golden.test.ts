/**
 * A small portfolio whose indicators are worked out by hand below (arithmetic in the comments), and
 * compared exactly with what the computation publishes.
 *
 * lastCompleteMonth = 2025-12. Four accepted projects:
 *
 * P1 solar_pv in US, program jucip, 100 MW. construction 2023-10-02, operating 2024-04-15.
 *    Shares: US 60, JP 30, one US participant without share → unattributed 10.
 *    Investments: JP 49,876,543.21 USD (a JPY commitment, converted) on 2023-10-20; US 20,000,000 on 2024-05-10.
 *    Reports 2024-04 … 2025-12 except 2025-08 (missing): gen 10,000 MWh, project 10, baseline 4,000,
 *    reductions 3,990; verified in 2024. 2025-02 was restated and then verified: gen 9,000.5,
 *    project 12.25, baseline 3,600.2, reductions 3,587.95.
 * P2 wind_offshore in JP, programs jucip and core_partnership, 200 MW. fid 2023-03-01,
 *    construction 2024-01-10, operating 2025-04-01, suspended 2025-10-20. No shares → all unattributed.
 *    Investments: US 100,000,000 on 2024-01-15; JP 33,456,789.12 (JPY converted) on 2024-07-01.
 *    Reports 2025-04 … 2025-09: gen 20,000, project 50, baseline 9,000, reductions 8,950; verified
 *    2025-04 … 2025-06. 2025-10 (meter down, no generation): project 20, baseline 2,200, reductions 2,180.
 * P3 hydrogen in AU, program j_bridge, 5,000 t_h2_per_year (not MW). announced 2024-02-01,
 *    feasibility 2024-09-01. Shares JP 25.5, AU 40. Investment JP 12,345,678.90 on 2024-09-30. No reports.
 * P4 geothermal in US, program selectusa, 50 MW. Registered as operating since 2023-07-01.
 *    Shares US 66.7, JP 33.3. Investment US 80,000,000 on 2023-06-15 (before its first status).
 *    Reports 2024-01 … 2025-12: gen 30,000, project 100, baseline 1,100.001, reductions 1,000.001;
 *    verified 2024-01 … 2024-06. 2025-01 (well-field flaring): gen 28,000, project 1,500,
 *    baseline 1,100.001, reductions −399.999.
 *
 * Attribution per report (thousandths, largest remainder):
 * - P1 base 3,990 → US 60% 2,394, JP 30% 1,197, unattributed 10% 399.
 *   P1 2025-02 3,587.95 → US 2,152.77, JP 1,076.385, unattributed 358.795 (exact, no remainder).
 * - P4 base 1,000.001 = 1,000,001 thousandths → US quota 667,000.667, JP 333,000.333; floors sum to
 *   1,000,000, the one thousandth left goes to the larger remainder (US) → US 667.001, JP 333.
 *   P4 2025-01 −399.999: magnitude 399,999 → US 266,799.333, JP 133,199.667; the thousandth left goes
 *   to JP → US −266.799, JP −133.2.
 *
 * Cumulative investment from 2024-09-30 on: 49,876,543.21 + 20,000,000 + 100,000,000
 * + 33,456,789.12 + 12,345,678.90 + 80,000,000 = 295,679,011.23 USD (295.67901123 MUSD).
 *
 * Disbursements and targets (the worked examples of `docs/indicator-rules.md`):
 * - P1's JP commitment is disbursed 20,000,000 on 2023-11-15 and 15,000,000.50 on 2024-06-30. P1
 *   expects 48,000 tCO2e a year (4,000 a month) and 125,000 MWh (10,416.667 a month: 125,000,000
 *   thousandths / 12 = 10,416,666.67, rounded).
 * - P2's US commitment is disbursed 60,000,000 on 2025-04-10; P2 expects 100,000 tCO2e a year
 *   (8,333.333 a month) and states no generation target.
 * - P4's commitment is disbursed whole on 2023-06-15 (80,000,000); P4 states no targets.
 * Cumulative disbursed: 80,000,000 from 2023-06, 100,000,000 from 2023-11, 115,000,000.50 from
 * 2024-06, 175,000,000.50 from 2025-04.
 */
import { describe, expect, it } from 'vitest';
import {
  IndicatorComputation,
  type IndicatorItem,
  type IndicatorProject,
  type IndicatorReport,
} from '../../../../shared/domain/indicators/compute.ts';

type ReportFigures = Omit<IndicatorReport, 'period'>;

/** Monthly reports from `from` to `to` (inclusive) with the base figures, except where overridden or skipped. */
function monthlyReports(
  from: string,
  to: string,
  base: (period: string) => ReportFigures,
  overrides: Readonly<Record<string, ReportFigures | 'missing'>> = {},
): IndicatorReport[] {
  const reports: IndicatorReport[] = [];
  let [year, month] = from.split('-').map(Number) as [number, number];
  for (;;) {
    const period = `${year}-${String(month).padStart(2, '0')}`;
    if (period > to) return reports;
    const override = overrides[period];
    if (override !== 'missing') reports.push({ period, ...(override ?? base(period)) });
    month += 1;
    if (month === 13) [year, month] = [year + 1, 1];
  }
}

function portfolio(): Array<readonly [IndicatorProject, IndicatorReport[]]> {
  const p1: IndicatorProject = {
    id: 'p1-solar-us',
    hostCountry: 'US',
    technology: 'solar_pv',
    programs: ['jucip'],
    capacity: { value: 100, unit: 'MW' },
    participants: [{ country: 'US', sharePct: 60 }, { country: 'JP', sharePct: 30 }, { country: 'US' }],
    investments: [
      {
        investorCountry: 'JP',
        usdAmount: 49_876_543.21,
        committedOn: '2023-10-20',
        disbursements: [
          { date: '2023-11-15', usdAmount: 20_000_000 },
          { date: '2024-06-30', usdAmount: 15_000_000.5 },
        ],
      },
      { investorCountry: 'US', usdAmount: 20_000_000, committedOn: '2024-05-10' },
    ],
    expected: { annualReductionsTco2e: 48_000, annualGenerationMwh: 125_000 },
    statusHistory: [
      { status: 'construction', effectiveDate: '2023-10-02' },
      { status: 'operating', effectiveDate: '2024-04-15' },
    ],
  };
  const p1Reports = monthlyReports(
    '2024-04',
    '2025-12',
    (period) => ({
      generationMwh: 10_000,
      projectTco2e: 10,
      baselineTco2e: 4_000,
      reductionsTco2e: 3_990,
      verified: period < '2025',
    }),
    {
      '2025-02': {
        generationMwh: 9_000.5,
        projectTco2e: 12.25,
        baselineTco2e: 3_600.2,
        reductionsTco2e: 3_587.95,
        verified: true,
      },
      '2025-08': 'missing',
    },
  );

  const p2: IndicatorProject = {
    id: 'p2-wind-jp',
    hostCountry: 'JP',
    technology: 'wind_offshore',
    programs: ['jucip', 'core_partnership'],
    capacity: { value: 200, unit: 'MW' },
    participants: [{ country: 'JP' }, { country: 'US' }],
    investments: [
      {
        investorCountry: 'US',
        usdAmount: 100_000_000,
        committedOn: '2024-01-15',
        disbursements: [{ date: '2025-04-10', usdAmount: 60_000_000 }],
      },
      { investorCountry: 'JP', usdAmount: 33_456_789.12, committedOn: '2024-07-01' },
    ],
    expected: { annualReductionsTco2e: 100_000 },
    statusHistory: [
      { status: 'fid', effectiveDate: '2023-03-01' },
      { status: 'construction', effectiveDate: '2024-01-10' },
      { status: 'operating', effectiveDate: '2025-04-01' },
      { status: 'suspended', effectiveDate: '2025-10-20' },
    ],
  };
  const p2Reports = monthlyReports(
    '2025-04',
    '2025-10',
    (period) => ({
      generationMwh: 20_000,
      projectTco2e: 50,
      baselineTco2e: 9_000,
      reductionsTco2e: 8_950,
      verified: period <= '2025-06',
    }),
    { '2025-10': { projectTco2e: 20, baselineTco2e: 2_200, reductionsTco2e: 2_180, verified: false } },
  );

  const p3: IndicatorProject = {
    id: 'p3-h2-au',
    hostCountry: 'AU',
    technology: 'hydrogen',
    programs: ['j_bridge'],
    capacity: { value: 5_000, unit: 't_h2_per_year' },
    participants: [
      { country: 'JP', sharePct: 25.5 },
      { country: 'AU', sharePct: 40 },
    ],
    investments: [{ investorCountry: 'JP', usdAmount: 12_345_678.9, committedOn: '2024-09-30' }],
    statusHistory: [
      { status: 'announced', effectiveDate: '2024-02-01' },
      { status: 'feasibility', effectiveDate: '2024-09-01' },
    ],
  };

  const p4: IndicatorProject = {
    id: 'p4-geo-us',
    hostCountry: 'US',
    technology: 'geothermal',
    programs: ['selectusa'],
    capacity: { value: 50, unit: 'MW' },
    participants: [
      { country: 'US', sharePct: 66.7 },
      { country: 'JP', sharePct: 33.3 },
    ],
    investments: [
      {
        investorCountry: 'US',
        usdAmount: 80_000_000,
        committedOn: '2023-06-15',
        disbursements: [{ date: '2023-06-15', usdAmount: 80_000_000 }],
      },
    ],
    statusHistory: [{ status: 'operating', effectiveDate: '2023-07-01' }],
  };
  const p4Reports = monthlyReports(
    '2024-01',
    '2025-12',
    (period) => ({
      generationMwh: 30_000,
      projectTco2e: 100,
      baselineTco2e: 1_100.001,
      reductionsTco2e: 1_000.001,
      verified: period <= '2024-06',
    }),
    {
      '2025-01': {
        generationMwh: 28_000,
        projectTco2e: 1_500,
        baselineTco2e: 1_100.001,
        reductionsTco2e: -399.999,
        verified: false,
      },
    },
  );

  return [
    [p1, p1Reports],
    [p2, p2Reports],
    [p3, []],
    [p4, p4Reports],
  ];
}

function computeGolden(): IndicatorItem[] {
  const computation = new IndicatorComputation({ lastCompleteMonth: '2025-12' });
  for (const [project, reports] of portfolio()) computation.addProject(project, reports);
  return computation.result();
}

function itemOf(
  items: readonly IndicatorItem[],
  granularity: IndicatorItem['granularity'],
  period: string,
  slice: IndicatorItem['slice'],
  key: string,
): IndicatorItem | undefined {
  return items.find(
    (item) =>
      item.granularity === granularity && item.period === period && item.slice === slice && item.key === key,
  );
}

function statuses(counts: Partial<Record<string, number>>) {
  return {
    announced: 0,
    feasibility: 0,
    fid: 0,
    construction: 0,
    operating: 0,
    suspended: 0,
    retired: 0,
    cancelled: 0,
    ...counts,
  };
}

describe('IndicatorComputation on the golden portfolio', () => {
  it('publishes each group from the first month one of its projects is in force to the last complete month', () => {
    const items = computeGolden();

    const periodsOf = (granularity: IndicatorItem['granularity'], slice: string, key: string) =>
      items
        .filter((i) => i.granularity === granularity && i.slice === slice && i.key === key)
        .map((i) => i.period);
    // all: from P2's fid (2023-03) to 2025-12: 34 months, 12 quarters, 3 years.
    expect(periodsOf('month', 'all', 'all')).toHaveLength(34);
    expect(periodsOf('month', 'all', 'all')[0]).toBe('2023-03');
    expect(periodsOf('quarter', 'all', 'all')).toEqual([
      '2023-Q1',
      '2023-Q2',
      '2023-Q3',
      '2023-Q4',
      '2024-Q1',
      '2024-Q2',
      '2024-Q3',
      '2024-Q4',
      '2025-Q1',
      '2025-Q2',
      '2025-Q3',
      '2025-Q4',
    ]);
    expect(periodsOf('year', 'all', 'all')).toEqual(['2023', '2024', '2025']);
    // US from P4's commitment (2023-06), AU from P3's announcement (2024-02), solar from P1's construction (2023-10).
    expect(periodsOf('month', 'host_country', 'US')[0]).toBe('2023-06');
    expect(periodsOf('month', 'host_country', 'AU')[0]).toBe('2024-02');
    expect(periodsOf('quarter', 'technology', 'solar_pv')[0]).toBe('2023-Q4');
    // Items: all 34+12+3 = 49; AU 23+8+2 = 33, JP 49, US 31+11+3 = 45; geothermal 45, hydrogen 33,
    // solar_pv 27+9+3 = 39, wind_offshore 49; core_partnership 49, j_bridge 33, jucip 49, selectusa 45.
    expect(items).toHaveLength(49 + 33 + 49 + 45 + 45 + 33 + 39 + 49 + 49 + 33 + 49 + 45);
  });

  it('orders items by granularity, period, slice and key', () => {
    const items = computeGolden();

    const firstKeys = items.slice(0, 4).map((i) => `${i.granularity} ${i.period} ${i.slice} ${i.key}`);
    expect(firstKeys).toEqual([
      'month 2023-03 all all',
      'month 2023-03 host_country JP',
      'month 2023-03 technology wind_offshore',
      'month 2023-03 program core_partnership',
    ]);
    const ranks = items.map((i) => ['month', 'quarter', 'year'].indexOf(i.granularity));
    expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
  });

  it('counts a project committed to before its first status in its month, under no status', () => {
    const item = itemOf(computeGolden(), 'month', '2023-06', 'all', 'all');

    // P2 is fid; P4 is in force through its commitment but becomes operating only in July.
    expect(item?.indicators.projects_by_status).toEqual(statuses({ fid: 1 }));
    expect(item?.indicators.investment_committed_usd).toBe(80_000_000);
    expect(item?.indicators.investment_by_direction_usd).toEqual({ 'US→US': 80_000_000 });
    expect(item?.indicators.carbon_productivity_tco2e_per_musd).toBe(0);
  });

  it('computes all/month 2025-04, the month P2 starts operating', () => {
    const item = itemOf(computeGolden(), 'month', '2025-04', 'all', 'all');

    expect(item?.indicators).toEqual({
      // P1, P2, P4 operating; P3 feasibility.
      projects_by_status: statuses({ feasibility: 1, operating: 3 }),
      operating_capacity_mw: 350, // 100 + 200 + 50
      capacity_added_mw: 200, // P2 operating from 2025-04-01
      investment_committed_usd: 0,
      investment_cumulative_usd: 295_679_011.23,
      investment_by_direction_usd: {},
      generation_mwh: 60_000, // 10,000 + 20,000 + 30,000
      project_emissions_tco2e: 160, // 10 + 50 + 100
      baseline_emissions_tco2e: 14_100.001, // 4,000 + 9,000 + 1,100.001
      emission_reductions_tco2e: 13_940.001, // 3,990 + 8,950 + 1,000.001
      verified_reductions_tco2e: 8_950, // only P2's April is verified
      verified_share: 0.642037, // 8,950 / 13,940.001 = 0.6420372566…
      emissions_intensity_tco2e_per_mwh: 0.002667, // 160 / 60,000 = 0.0026666…
      // Cumulative reductions to 2025-04-30: P1 9 × 3,990 (2024) + 3,990 + 3,587.95 + 3,990 + 3,990
      // = 51,467.95; P2 8,950; P4 12 × 1,000.001 − 399.999 + 3 × 1,000.001 = 14,600.016 → 75,017.966.
      // 75,017.966 / 295.67901123 = 253.7142074…
      carbon_productivity_tco2e_per_musd: 253.714207,
      // US 2,394 + 667.001; JP 1,197 + 333; unattributed 399 + 8,950.
      attributed_reductions_tco2e: { JP: 1_530, US: 3_061.001, unattributed: 9_349 },
      reporting_coverage: 1, // 3 operating, 3 reported
      growth_vs_previous: {
        operating_capacity_mw: 1.333333, // March: 150 (P1 + P4) → (350 − 150) / 150
        generation_mwh: 0.5, // March: 40,000 → 20,000 / 40,000
        emission_reductions_tco2e: 1.793587, // March: 4,990.001 → 8,950 / 4,990.001 = 1.7935868…
      },
      investment_disbursed_usd: 60_000_000, // P2
      investment_disbursed_cumulative_usd: 175_000_000.5,
      disbursement_ratio: 0.591858, // 175,000,000.50 / 295,679,011.23 = 0.5918580…
      expected_reductions_tco2e: 12_333.333, // P1 4,000 + P2 8,333.333 (P4 states none)
      reductions_vs_expected: 1.049189, // (P1 3,990 + P2 8,950) / 12,333.333 = 1.0491892…
      generation_vs_expected: 0.96, // P1 10,000 / 10,416.667 = 0.9599999…
    });
  });

  it('computes all/month 2025-08, the month P1 did not report', () => {
    const item = itemOf(computeGolden(), 'month', '2025-08', 'all', 'all');

    expect(item?.indicators).toEqual({
      projects_by_status: statuses({ feasibility: 1, operating: 3 }),
      operating_capacity_mw: 350,
      capacity_added_mw: 0,
      investment_committed_usd: 0,
      investment_cumulative_usd: 295_679_011.23,
      investment_by_direction_usd: {},
      generation_mwh: 50_000, // P2 20,000 + P4 30,000
      project_emissions_tco2e: 150,
      baseline_emissions_tco2e: 10_100.001,
      emission_reductions_tco2e: 9_950.001,
      verified_reductions_tco2e: 0,
      verified_share: 0,
      emissions_intensity_tco2e_per_mwh: 0.003, // 150 / 50,000
      // To 2025-08-31: P1 51,467.95 + 3 × 3,990 (May–Jul) = 63,437.95; P2 5 × 8,950 = 44,750;
      // P4 14,600.016 + 4 × 1,000.001 = 18,600.02 → 126,787.97 / 295.67901123 = 428.8027394…
      carbon_productivity_tco2e_per_musd: 428.802739,
      attributed_reductions_tco2e: { JP: 333, US: 667.001, unattributed: 8_950 },
      reporting_coverage: 0.666667, // P1 operating without a report: 2 / 3
      growth_vs_previous: {
        operating_capacity_mw: 0,
        generation_mwh: -0.166667, // July 60,000: −10,000 / 60,000
        emission_reductions_tco2e: -0.286227, // July 13,940.001: −3,990 / 13,940.001 = −0.2862266…
      },
      investment_disbursed_usd: 0,
      investment_disbursed_cumulative_usd: 175_000_000.5,
      disbursement_ratio: 0.591858,
      // P1 and P2 operate at the month end; P1's missing report counts as nothing achieved.
      expected_reductions_tco2e: 12_333.333,
      reductions_vs_expected: 0.725676, // P2 8,950 / 12,333.333 = 0.7256756…
      generation_vs_expected: 0, // P1 gave no report: 0 / 10,416.667
    });
  });

  it('computes all/quarter 2025-Q3', () => {
    const item = itemOf(computeGolden(), 'quarter', '2025-Q3', 'all', 'all');

    expect(item?.indicators).toEqual({
      projects_by_status: statuses({ feasibility: 1, operating: 3 }), // P2 is suspended only on 10-20
      operating_capacity_mw: 350,
      capacity_added_mw: 0,
      investment_committed_usd: 0,
      investment_cumulative_usd: 295_679_011.23,
      investment_by_direction_usd: {},
      // P1 Jul + Sep: 20,000 / 20 / 8,000 / 7,980; P2 3 months: 60,000 / 150 / 27,000 / 26,850;
      // P4 3 months: 90,000 / 300 / 3,300.003 / 3,000.003.
      generation_mwh: 170_000,
      project_emissions_tco2e: 470,
      baseline_emissions_tco2e: 38_300.003,
      emission_reductions_tco2e: 37_830.003,
      verified_reductions_tco2e: 0,
      verified_share: 0,
      emissions_intensity_tco2e_per_mwh: 0.002765, // 470 / 170,000 = 0.0027647…
      // 126,787.97 + September 13,940.001 = 140,727.971 / 295.67901123 = 475.9484632…
      carbon_productivity_tco2e_per_musd: 475.948463,
      // US 2 × 2,394 + 3 × 667.001 = 6,789.003; JP 2 × 1,197 + 3 × 333 = 3,393;
      // unattributed 2 × 399 + 26,850 = 27,648.
      attributed_reductions_tco2e: { JP: 3_393, US: 6_789.003, unattributed: 27_648 },
      reporting_coverage: 0.666667, // P1 missed August while operating: 2 / 3
      growth_vs_previous: {
        operating_capacity_mw: 0, // Q2 ended at 350 too
        generation_mwh: -0.055556, // Q2: 30,000 + 60,000 + 90,000 = 180,000 → −10,000 / 180,000
        // Q2: 11,970 + 26,850 + 3,000.003 = 41,820.003 → −3,990 / 41,820.003 = −0.0954088…
        emission_reductions_tco2e: -0.095409,
      },
      investment_disbursed_usd: 0,
      investment_disbursed_cumulative_usd: 175_000_000.5,
      disbursement_ratio: 0.591858,
      expected_reductions_tco2e: 36_999.999, // 3 × 12,333.333 (the sum of its months)
      // P1 Jul + Sep 7,980 + P2 3 × 8,950 = 34,830 / 36,999.999 = 0.9413513…
      reductions_vs_expected: 0.941351,
      generation_vs_expected: 0.64, // P1 20,000 / (3 × 10,416.667 = 31,250.001) = 0.6399999…
    });
  });

  it('computes all/year 2024', () => {
    const item = itemOf(computeGolden(), 'year', '2024', 'all', 'all');

    expect(item?.indicators).toEqual({
      projects_by_status: statuses({ feasibility: 1, construction: 1, operating: 2 }),
      operating_capacity_mw: 150, // P1 + P4
      capacity_added_mw: 100, // P1 on 2024-04-15 (P4 was added in 2023)
      // 20,000,000 + 100,000,000 + 33,456,789.12 + 12,345,678.90
      investment_committed_usd: 165_802_468.02,
      investment_cumulative_usd: 295_679_011.23,
      investment_by_direction_usd: {
        'JP→AU': 12_345_678.9,
        'JP→JP': 33_456_789.12,
        'US→JP': 100_000_000,
        'US→US': 20_000_000,
      },
      // P1 9 months: 90,000 / 90 / 36,000 / 35,910; P4 12 months: 360,000 / 1,200 / 13,200.012 / 12,000.012.
      generation_mwh: 450_000,
      project_emissions_tco2e: 1_290,
      baseline_emissions_tco2e: 49_200.012,
      emission_reductions_tco2e: 47_910.012,
      verified_reductions_tco2e: 41_910.006, // P1 35,910 + P4 6 × 1,000.001
      verified_share: 0.874765, // 41,910.006 / 47,910.012 = 0.8747650…
      emissions_intensity_tco2e_per_mwh: 0.002867, // 1,290 / 450,000 = 0.0028666…
      carbon_productivity_tco2e_per_musd: 162.033862, // 47,910.012 / 295.67901123 = 162.0338616…
      // US 9 × 2,394 + 12 × 667.001 = 29,550.012; JP 9 × 1,197 + 12 × 333 = 14,769; unattributed 9 × 399.
      attributed_reductions_tco2e: { JP: 14_769, US: 29_550.012, unattributed: 3_591 },
      reporting_coverage: 1, // P1 reported all its operating months (Apr–Dec), P4 all twelve
      growth_vs_previous: {
        operating_capacity_mw: 2, // 2023 ended with P4's 50 MW: (150 − 50) / 50
        generation_mwh: null, // nothing generated in 2023
        emission_reductions_tco2e: null,
      },
      investment_disbursed_usd: 15_000_000.5, // P1 on 2024-06-30
      investment_disbursed_cumulative_usd: 115_000_000.5, // 80,000,000 + 20,000,000 + 15,000,000.50
      disbursement_ratio: 0.388935, // 115,000,000.50 / 295,679,011.23 = 0.3889352…
      expected_reductions_tco2e: 36_000, // P1 operating at the end of Apr … Dec: 9 × 4,000
      reductions_vs_expected: 0.9975, // 9 × 3,990 = 35,910 / 36,000
      generation_vs_expected: 0.96, // 90,000 / (9 × 10,416.667 = 93,750.003) = 0.9599999…
    });
  });

  it('computes all/year 2025', () => {
    const item = itemOf(computeGolden(), 'year', '2025', 'all', 'all');

    expect(item?.indicators).toEqual({
      projects_by_status: statuses({ feasibility: 1, operating: 2, suspended: 1 }),
      operating_capacity_mw: 150, // P2 suspended
      capacity_added_mw: 200,
      investment_committed_usd: 0,
      investment_cumulative_usd: 295_679_011.23,
      investment_by_direction_usd: {},
      // P1 10 base months + Feb: 109,000.5 / 112.25 / 43,600.2 / 43,487.95, verified 3,587.95.
      // P2 6 base months + Oct: 120,000 / 320 / 56,200 / 55,880, verified 3 × 8,950 = 26,850.
      // P4 11 base months + Jan: 358,000 / 2,600 / 13,200.012 / 10,600.012.
      generation_mwh: 587_000.5,
      project_emissions_tco2e: 3_032.25,
      baseline_emissions_tco2e: 113_000.212,
      emission_reductions_tco2e: 109_967.962,
      verified_reductions_tco2e: 30_437.95,
      verified_share: 0.276789, // 30,437.95 / 109,967.962 = 0.2767892…
      // P2's October gives no generation, so its 20 t are left out: 3,012.25 / 587,000.5 = 0.0051315…
      emissions_intensity_tco2e_per_mwh: 0.005132,
      // 47,910.012 + 109,967.962 = 157,877.974 / 295.67901123 = 533.9505612…
      carbon_productivity_tco2e_per_musd: 533.950561,
      // US: P1 10 × 2,394 + 2,152.77 = 26,092.77; P4 11 × 667.001 − 266.799 = 7,070.212 → 33,162.982.
      // JP: P1 10 × 1,197 + 1,076.385 = 13,046.385; P4 11 × 333 − 133.2 = 3,529.8 → 16,576.185.
      // unattributed: P1 10 × 399 + 358.795 = 4,348.795; P2 55,880 → 60,228.795. Sum 109,967.962.
      attributed_reductions_tco2e: { JP: 16_576.185, US: 33_162.982, unattributed: 60_228.795 },
      reporting_coverage: 0.5, // P1 missed August; P4 complete
      growth_vs_previous: {
        operating_capacity_mw: 0,
        generation_mwh: 0.304446, // 137,000.5 / 450,000 = 0.3044455…
        emission_reductions_tco2e: 1.295302, // 62,057.95 / 47,910.012 = 1.2953023…
      },
      investment_disbursed_usd: 60_000_000,
      investment_disbursed_cumulative_usd: 175_000_000.5,
      disbursement_ratio: 0.591858,
      // P1 12 × 4,000 = 48,000; P2 operating at the end of Apr … Sep: 6 × 8,333.333 = 49,999.998.
      expected_reductions_tco2e: 97_999.998,
      // P1 43,487.95 (August missing) + P2 Apr … Sep 6 × 8,950 = 53,700 (October's 2,180 is not
      // counted: P2 is suspended at the end of October, and nothing is expected of it then).
      // 97,187.95 / 97,999.998 = 0.9917137…
      reductions_vs_expected: 0.991714,
      generation_vs_expected: 0.872004, // P1 109,000.5 / (12 × 10,416.667 = 125,000.004) = 0.8720039…
    });
  });

  it('computes host_country US for 2025', () => {
    const item = itemOf(computeGolden(), 'year', '2025', 'host_country', 'US');

    expect(item?.indicators).toEqual({
      projects_by_status: statuses({ operating: 2 }), // P1, P4
      operating_capacity_mw: 150,
      capacity_added_mw: 0,
      investment_committed_usd: 0,
      investment_cumulative_usd: 149_876_543.21, // 49,876,543.21 + 20,000,000 + 80,000,000
      investment_by_direction_usd: {},
      generation_mwh: 467_000.5, // 109,000.5 + 358,000
      project_emissions_tco2e: 2_712.25, // 112.25 + 2,600
      baseline_emissions_tco2e: 56_800.212, // 43,600.2 + 13,200.012
      emission_reductions_tco2e: 54_087.962, // 43,487.95 + 10,600.012
      verified_reductions_tco2e: 3_587.95,
      verified_share: 0.066335, // 3,587.95 / 54,087.962 = 0.0663354…
      emissions_intensity_tco2e_per_mwh: 0.005808, // 2,712.25 / 467,000.5 = 0.0058078…
      // 2024: 47,910.012 (all of it in the US) + 54,087.962 = 101,997.974 / 149.87654321 = 680.5466140…
      carbon_productivity_tco2e_per_musd: 680.546614,
      attributed_reductions_tco2e: { JP: 16_576.185, US: 33_162.982, unattributed: 4_348.795 },
      reporting_coverage: 0.5,
      growth_vs_previous: {
        operating_capacity_mw: 0,
        generation_mwh: 0.037779, // 2024: 450,000 → 17,000.5 / 450,000 = 0.0377788…
        emission_reductions_tco2e: 0.128949, // 2024: 47,910.012 → 6,177.95 / 47,910.012 = 0.1289490…
      },
      investment_disbursed_usd: 0,
      investment_disbursed_cumulative_usd: 115_000_000.5, // P4 80,000,000 + P1 35,000,000.50
      disbursement_ratio: 0.767298, // 115,000,000.50 / 149,876,543.21 = 0.7672981…
      expected_reductions_tco2e: 48_000, // P1 only
      reductions_vs_expected: 0.905999, // 43,487.95 / 48,000 = 0.9059989…
      generation_vs_expected: 0.872004,
    });
  });

  it('computes technology wind_offshore for 2025', () => {
    const item = itemOf(computeGolden(), 'year', '2025', 'technology', 'wind_offshore');

    expect(item?.indicators).toEqual({
      projects_by_status: statuses({ suspended: 1 }),
      operating_capacity_mw: 0,
      capacity_added_mw: 200,
      investment_committed_usd: 0,
      investment_cumulative_usd: 133_456_789.12, // 100,000,000 + 33,456,789.12
      investment_by_direction_usd: {},
      generation_mwh: 120_000,
      project_emissions_tco2e: 320,
      baseline_emissions_tco2e: 56_200,
      emission_reductions_tco2e: 55_880,
      verified_reductions_tco2e: 26_850,
      verified_share: 0.480494, // 26,850 / 55,880 = 0.4804939…
      emissions_intensity_tco2e_per_mwh: 0.0025, // (320 − 20 without generation) / 120,000
      carbon_productivity_tco2e_per_musd: 418.712307, // 55,880 / 133.45678912 = 418.7123065…
      attributed_reductions_tco2e: { unattributed: 55_880 },
      reporting_coverage: null, // nothing operating at the end of 2025
      growth_vs_previous: {
        operating_capacity_mw: null, // 2024: under construction, all 0
        generation_mwh: null,
        emission_reductions_tco2e: null,
      },
      investment_disbursed_usd: 60_000_000,
      investment_disbursed_cumulative_usd: 60_000_000,
      disbursement_ratio: 0.449584, // 60,000,000 / 133,456,789.12 = 0.4495837…
      expected_reductions_tco2e: 49_999.998,
      reductions_vs_expected: 1.074, // 53,700 / 49,999.998 = 1.0740000…
      generation_vs_expected: null, // P2 states no generation target
    });
  });

  it('computes program jucip for 2025, counting P2 in it although it is also in core_partnership', () => {
    const items = computeGolden();
    const item = itemOf(items, 'year', '2025', 'program', 'jucip');

    expect(item?.indicators).toEqual({
      projects_by_status: statuses({ operating: 1, suspended: 1 }), // P1, P2
      operating_capacity_mw: 100,
      capacity_added_mw: 200,
      investment_committed_usd: 0,
      investment_cumulative_usd: 203_333_332.33, // 69,876,543.21 + 133,456,789.12
      investment_by_direction_usd: {},
      generation_mwh: 229_000.5, // 109,000.5 + 120,000
      project_emissions_tco2e: 432.25, // 112.25 + 320
      baseline_emissions_tco2e: 99_800.2, // 43,600.2 + 56,200
      emission_reductions_tco2e: 99_367.95, // 43,487.95 + 55,880
      verified_reductions_tco2e: 30_437.95,
      verified_share: 0.306316, // 30,437.95 / 99,367.95 = 0.3063155…
      emissions_intensity_tco2e_per_mwh: 0.0018, // 412.25 / 229,000.5 = 0.0018002…
      // 2024: P1 35,910 + 99,367.95 = 135,277.95 / 203.33333233 = 665.3013967…
      carbon_productivity_tco2e_per_musd: 665.301397,
      attributed_reductions_tco2e: { JP: 13_046.385, US: 26_092.77, unattributed: 60_228.795 },
      reporting_coverage: 0, // only P1 operates at year end, and it missed August
      growth_vs_previous: {
        operating_capacity_mw: 0, // 2024: P1's 100
        generation_mwh: 1.54445, // 2024: 90,000 → 139,000.5 / 90,000
        emission_reductions_tco2e: 1.767139, // 2024: 35,910 → 63,457.95 / 35,910 = 1.7671386…
      },
      investment_disbursed_usd: 60_000_000,
      investment_disbursed_cumulative_usd: 95_000_000.5, // P1 35,000,000.50 + P2 60,000,000
      disbursement_ratio: 0.467213, // 95,000,000.50 / 203,333,332.33 = 0.4672131…
      expected_reductions_tco2e: 97_999.998, // P1 and P2, as in all
      reductions_vs_expected: 0.991714,
      generation_vs_expected: 0.872004,
    });
    expect(itemOf(items, 'year', '2025', 'program', 'core_partnership')?.indicators.generation_mwh).toBe(
      120_000,
    );
  });
});
