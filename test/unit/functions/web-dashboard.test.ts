import { describe, expect, it } from 'vitest';
import type { IndicatorItem, Indicators } from '../../../functions/web/dashboard/api.ts';
import {
  breakdown,
  headlineCards,
  previousPeriod,
  searchOfView,
  viewFromSearch,
} from '../../../functions/web/dashboard/model.ts';

function anItem(period: string, indicators: Partial<Indicators> = {}): IndicatorItem {
  return {
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
    const alone = headlineCards(anItem('2026-Q2'), undefined);
    expect(alone.find((card) => card.id === 'investment')?.change).toBeNull();
    const fromZero = headlineCards(anItem('2026-Q2'), anItem('2026-Q1', { investment_committed_usd: 0 }));
    expect(fromZero.find((card) => card.id === 'investment')?.change).toBeNull();
  });
});

describe('dashboard breakdowns', () => {
  it('list components largest first, ties by key, keeping negative values', () => {
    const series = breakdown({ US: 5, JP: 10, unattributed: -2, AU: 5 }, 'tCO2e');
    expect(series.keys).toEqual(['JP', 'AU', 'US', 'unattributed']);
    expect(series.datasets[0]?.values).toEqual([10, 5, 5, -2]);
  });
});
