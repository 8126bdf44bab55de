import { describe, expect, it } from 'vitest';
import type { IndicatorItem, Indicators } from '../../../functions/web/dashboard/api.ts';
import { formatterFor } from '../../../functions/web/dashboard/format.ts';
import {
  achievedVsExpected,
  breakdown,
  directionName,
  headlineCards,
  participantName,
  previousPeriod,
  searchOfView,
  seriesOverTime,
  sliceName,
  suppressedPoints,
  viewFromSearch,
} from '../../../functions/web/dashboard/model.ts';

const en = formatterFor('en');
const ja = formatterFor('ja');

function anItem(
  period: string,
  indicators: Partial<Indicators> = {},
  confStatus?: IndicatorItem['confStatus'],
): IndicatorItem {
  return {
    ...(confStatus ? { confStatus } : {}),
    granularity: 'quarter',
    period,
    slice: 'all',
    key: 'all',
    indicators: {
      operating_capacity_mw: 100,
      investment_committed_usd: 2_000_000,
      investment_cumulative_usd: 5_000_000,
      investment_by_direction_usd: {},
      emission_reductions_tco2e: 50,
      verified_reductions_tco2e: 25,
      verified_share: 0.5,
      carbon_productivity_tco2e_per_musd: 10,
      attributed_reductions_tco2e: {},
      reporting_coverage: 0.5,
      growth_vs_previous: {
        operating_capacity_mw: 0.25,
        generation_mwh: null,
        emission_reductions_tco2e: null,
      },
      investment_disbursed_cumulative_usd: 3_000_000,
      expected_reductions_tco2e: 60,
      reductions_vs_expected: 0.75,
      ...indicators,
    },
  };
}

describe('dashboard view state', () => {
  it.each([
    ['year', '2026', '2025'],
    ['quarter', '2026-Q1', '2025-Q4'],
    ['quarter', '2026-Q3', '2026-Q2'],
    ['month', '2026-01', '2025-12'],
    ['month', '2026-10', '2026-09'],
  ] as const)('the %s before %s is %s', (granularity, period, previous) => {
    expect(previousPeriod(granularity, period)).toBe(previous);
  });

  it('reads back the view it writes into the URL', () => {
    const view = { granularity: 'month', period: '2025-07', slice: 'host_country', key: 'US' } as const;
    expect(viewFromSearch(searchOfView(view))).toEqual(view);
    expect(new URLSearchParams(searchOfView(view, 'ja')).get('lang')).toBe('ja');
    expect(viewFromSearch(searchOfView(view, 'ja'))).toEqual(view);
  });

  it('falls back to the defaults for values the API would refuse', () => {
    expect(viewFromSearch('?granularity=decade&period=2026-Q9&slice=planet&key=x')).toEqual({
      granularity: 'year',
      period: undefined,
      slice: 'all',
      key: 'all',
    });
    expect(viewFromSearch('?granularity=quarter&period=2026').period).toBeUndefined();
    expect(viewFromSearch('?slice=technology').slice).toBe('all');
  });
});

describe('dashboard headline cards', () => {
  it("use the API's published growth for capacity and compare the other cards with the previous period's values", () => {
    const cards = headlineCards(
      anItem('2026-Q2'),
      anItem('2026-Q1', { investment_committed_usd: 1_000_000, reporting_coverage: 0.25 }),
      en,
    );
    const byId = Object.fromEntries(cards.map((card) => [card.id, card]));
    expect(byId.capacity?.value).toBe(100);
    expect(byId.capacity?.change).toBe('+25%');
    expect(byId.reductions?.change).toBeNull();
    expect(byId.investment?.change).toBe('+100%');
    expect(byId.productivity?.change).toBe('0%');
    expect(byId.coverage?.change).toBe('+25 pp');
  });

  it('show no change without a previous period or when the previous value is 0', () => {
    const alone = headlineCards(anItem('2026-Q2'), undefined, en);
    expect(alone.find((card) => card.id === 'investment')?.change).toBeNull();
    expect(alone.find((card) => card.id === 'investment')?.changeText).toBe(
      'No previous value to compare with',
    );
    const fromZero = headlineCards(anItem('2026-Q2'), anItem('2026-Q1', { investment_committed_usd: 0 }), en);
    expect(fromZero.find((card) => card.id === 'investment')?.change).toBeNull();
  });
});

describe('dashboard breakdowns', () => {
  it('list components largest first, ties by key, keeping negative values', () => {
    const series = breakdown({ US: 5, JP: 10, unattributed: -2, AU: 5 }, 'tCO2e');
    expect(series.keys).toEqual(['JP', 'AU', 'US', 'unattributed']);
    expect(series.datasets[0]?.values).toEqual([10, 5, 5, -2]);
  });

  it("name countries, directions and the unattributed part in the reader's language", () => {
    expect(directionName(en, 'JP→US')).toBe('Japan → United States');
    expect(directionName(ja, 'JP→US')).toBe('日本 → アメリカ合衆国');
    expect(participantName(ja, 'unattributed')).toBe('帰属先なし');
    expect(participantName(en, 'XK1')).toBe('XK1');
    expect(sliceName(ja, 'technology', 'solar_pv')).toBe('技術分野：太陽光発電');
    expect(sliceName(en, 'technology', 'unknown_tech')).toBe('Technology: unknown_tech');
  });
});

describe('dashboard formatting', () => {
  it('writes numbers, currencies, periods and dates for the language', () => {
    expect(en.value('mw', 1234.56)).toBe('1,234.6 MW');
    expect(ja.value('mw', 1234.56)).toBe('1,234.6 MW');
    expect(en.value('usd', 2_500_000)).toBe('$2.5M');
    expect(ja.value('usd', 2_500_000)).toBe('$250万');
    expect(ja.value('productivity', 12.5)).toBe('投資100万米ドル当たり 12.5 tCO₂e');
    expect(ja.value('percent', null)).toBe('該当なし');
    expect(ja.pointChange(0.05)).toBe('+5 ポイント');
    expect(ja.period('quarter', '2026-Q3')).toBe('2026年第3四半期');
    expect(ja.period('month', '2026-09')).toBe('2026年9月');
    expect(en.period('month', '2026-09')).toBe('2026-09');
    expect(ja.timestamp('2026-12-03T07:05:00Z')).toBe('2026/12/03 7:05 UTC');
    expect(en.timestamp('2026-12-03T07:05:00Z')).toBe('Dec 3, 2026, 7:05 AM UTC');
  });
});

describe('dashboard suppressed values', () => {
  const suppressed = anItem(
    '2026-Q2',
    {
      operating_capacity_mw: null,
      verified_share: null,
      investment_committed_usd: null,
      growth_vs_previous: {
        operating_capacity_mw: null,
        generation_mwh: null,
        emission_reductions_tco2e: 0.1,
      },
      investment_by_direction_usd: { 'JP→US': 300, 'US→JP': null },
      attributed_reductions_tco2e: null,
    },
    {
      operating_capacity_mw: 'C',
      'growth_vs_previous.operating_capacity_mw': 'C',
      verified_share: 'D',
      investment_committed_usd: 'D',
      'investment_by_direction_usd.US→JP': 'C',
      attributed_reductions_tco2e: 'C',
    },
  );

  it('keep a suppressed headline value null with its code, never 0, and do not compute a change from it', () => {
    const cards = headlineCards(suppressed, anItem('2026-Q1'), ja);
    const byId = Object.fromEntries(cards.map((card) => [card.id, card]));
    expect(byId.capacity).toMatchObject({ value: null, conf: 'C', change: null, changeConf: 'C' });
    expect(byId.capacity?.changeText).toBe('算定に用いる値が秘匿されているため、増減は表示していません');
    expect(byId.investment).toMatchObject({ value: null, conf: 'D', change: null, changeConf: 'D' });
    expect(byId.reductions?.detail.find((d) => d.id === 'verified_share')).toMatchObject({
      value: null,
      conf: 'D',
    });
    expect(byId.reductions?.conf).toBeUndefined();
    expect(byId.reductions?.change).toBe('+10%');
  });

  it('suppress a change against a previous period whose value is suppressed', () => {
    const cards = headlineCards(anItem('2026-Q3'), suppressed, en);
    const investment = cards.find((card) => card.id === 'investment');
    expect(investment).toMatchObject({ value: 2_000_000, change: null, changeConf: 'D' });
    expect(investment?.conf).toBeUndefined();
  });

  it('leave suppressed points of a series as gaps (null) with their codes, and list them for the note', () => {
    const series = seriesOverTime(
      [suppressed, anItem('2026-Q1')],
      [{ label: 'MW', indicator: 'operating_capacity_mw' }],
      (period) => ja.period('quarter', period),
    );
    expect(series.keys).toEqual(['2026-Q1', '2026-Q2']);
    expect(series.datasets[0]?.values).toEqual([100, null]);
    expect(series.datasets[0]?.conf).toEqual([undefined, 'C']);
    expect(suppressedPoints(series, ja.t)).toEqual([{ label: '2026年第2四半期', conf: 'C' }]);
  });

  it('put suppressed components of a breakdown last, as gaps, and mark a suppressed breakdown whole', () => {
    const directions = breakdown(
      suppressed.indicators.investment_by_direction_usd,
      'USD',
      (key) => key,
      (key) => suppressed.confStatus?.[`investment_by_direction_usd.${key}`],
    );
    expect(directions.keys).toEqual(['JP→US', 'US→JP']);
    expect(directions.datasets[0]?.values).toEqual([300, null]);
    expect(directions.datasets[0]?.conf).toEqual([undefined, 'C']);
    const attribution = breakdown(null, 'tCO2e', undefined, undefined, 'C');
    expect(attribution).toMatchObject({ keys: [], wholeConf: 'C' });
  });
});

describe('achieved against expected reductions', () => {
  it('derives the achieved reductions from the published ratio and expected amount, to 3 decimals', () => {
    const series = achievedVsExpected(
      [
        anItem('2025-Q2', { expected_reductions_tco2e: 33.333, reductions_vs_expected: 1.049189 }),
        anItem('2025-Q1'),
      ],
      { expected: 'Expected', achieved: 'Achieved' },
    );

    expect(series.keys).toEqual(['2025-Q1', '2025-Q2']);
    expect(series.datasets.map((d) => d.values)).toEqual([
      [60, 33.333],
      [45, 34.973], // 33.333 × 1.049189 = 34.9726…
    ]);
  });

  it('suppresses the achieved value with the worse code of the ratio and the expected amount', () => {
    const series = achievedVsExpected(
      [
        anItem('2025-Q1', { reductions_vs_expected: null }, { reductions_vs_expected: 'D' }),
        anItem(
          '2025-Q2',
          { reductions_vs_expected: null, expected_reductions_tco2e: null },
          { reductions_vs_expected: 'C', expected_reductions_tco2e: 'C' },
        ),
        anItem('2025-Q3', { reductions_vs_expected: null }),
      ],
      { expected: 'Expected', achieved: 'Achieved' },
    );

    expect(series.datasets[1]?.values).toEqual([null, null, null]);
    expect(series.datasets[1]?.conf).toEqual(['D', 'C', undefined]);
    expect(series.datasets[0]?.conf).toEqual([undefined, 'C', undefined]);
  });
});
