import { readFileSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { IndicatorItem } from '../../functions/web/dashboard/api.ts';
import { formatterFor } from '../../functions/web/dashboard/format.ts';
import {
  apiItems,
  chartContents,
  launchBrowser,
  openDashboard,
  openPage,
  screenshot,
  tableContents,
  waitForView,
} from './support.ts';

let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
});

/** The latest item of a series (the dashboard's default period). */
function latest(items: readonly IndicatorItem[]): IndicatorItem {
  const item = items.at(-1);
  if (!item) throw new Error('The API has no items for this query');
  return item;
}

/** A year in which every breakdown chart has data, so that every chart can be checked point by point. */
async function yearWithEveryChart(): Promise<string> {
  const years = await apiItems({ granularity: 'year', slice: 'all' });
  const full = years.filter(
    (item) =>
      Object.keys(item.indicators.investment_by_direction_usd ?? {}).length > 0 &&
      Object.keys(item.indicators.attributed_reductions_tco2e ?? {}).length > 0,
  );
  const chosen = full.at(-1);
  if (!chosen) throw new Error('The sample data has no year with investment and attributed reductions');
  return chosen.period;
}

/** A chart's Chart.js data and its data table both hold exactly `expected` (key → values), in the same order. */
async function expectChartHolds(
  page: Parameters<typeof chartContents>[0],
  name: string,
  expected: ReadonlyMap<string, readonly (number | null)[]>,
) {
  const table = await tableContents(page, name);
  expect(new Map([...table].sort(([a], [b]) => a.localeCompare(b)))).toEqual(
    new Map([...expected].sort(([a], [b]) => a.localeCompare(b))),
  );
  const chart = await chartContents(page, name);
  expect(chart.labels).toHaveLength(expected.size);
  expect(chart.datasets).toHaveLength([...expected.values()][0]?.length ?? 1);
  chart.datasets.forEach((dataset, column) => {
    expect(dataset.values).toEqual([...table.values()].map((row) => row[column]));
  });
  expect(expected.size).toBeGreaterThan(0);
}

const overTime = (items: readonly IndicatorItem[], ...values: ((item: IndicatorItem) => number | null)[]) =>
  new Map(items.map((item) => [item.period, values.map((value) => value(item))]));

const components = (values: Readonly<Record<string, number | null>> | null) =>
  new Map(Object.entries(values ?? {}).map(([key, value]) => [key, [value]]));

describe('GET / (the public dashboard)', () => {
  it('loads without a token and says which run it shows and when it was computed', async () => {
    const { page, problems } = await openPage(browser);
    const response = await page.goto(`${inject('baseUrl')}/`);
    expect(response?.status()).toBe(200);
    expect(response?.headers()['content-security-policy']).toContain("script-src 'self'");
    await page.locator('body[data-state="ready"]').waitFor();

    const note = page.locator('#run-note');
    await expect.poll(() => note.getAttribute('data-run-id')).toBe(inject('runId'));
    const run = (await (
      await fetch(`${inject('baseUrl')}/indicators/runs/${inject('runId')}?limit=1`)
    ).json()) as {
      calcVersion: string;
    };
    expect(await note.textContent()).toContain(run.calcVersion);
    expect(await note.textContent()).toMatch(/computed \w{3} \d{1,2}, \d{4}/);
    await screenshot(page, 'dashboard-desktop');
    expect(problems).toEqual([]);
  });

  it('shows the same headline numbers as GET /indicators for the same run', async () => {
    const { page, problems } = await openPage(browser);
    await openDashboard(page, '?granularity=quarter');
    const item = latest(await apiItems({ granularity: 'quarter', slice: 'all', key: 'all' }));
    const i = item.indicators;
    const expected = {
      capacity: ['mw', i.operating_capacity_mw],
      reductions: ['tco2e', i.emission_reductions_tco2e],
      investment: ['usd', i.investment_committed_usd],
      productivity: ['productivity', i.carbon_productivity_tco2e_per_musd],
      coverage: ['percent', i.reporting_coverage],
    } as const;
    for (const [card, [kind, value]] of Object.entries(expected)) {
      const shown = page.locator(`[data-card="${card}"] .value`);
      expect(JSON.parse((await shown.getAttribute('data-value')) ?? 'undefined')).toEqual(value);
      expect(await shown.textContent()).toBe(formatterFor('en').value(kind, value));
    }
    const share = page.locator('[data-card="reductions"] [data-detail="verified_share"]');
    expect(JSON.parse((await share.getAttribute('data-value')) ?? 'undefined')).toEqual(i.verified_share);
    expect(await page.locator('#headline-scope').textContent()).toContain(item.period);
    expect(problems).toEqual([]);
  });

  it('draws every chart with the data points the API gives for the view', async () => {
    const period = await yearWithEveryChart();
    const { page, problems } = await openPage(browser);
    await openDashboard(page, `?granularity=year&period=${period}`);

    const series = await apiItems({ granularity: 'year', slice: 'all', key: 'all' });
    const item = series.find((candidate) => candidate.period === period);
    if (!item) throw new Error(`No item for ${period}`);
    const technologies = await apiItems({ granularity: 'year', period, slice: 'technology' });

    await expectChartHolds(
      page,
      'capacity',
      overTime(series, (s) => s.indicators.operating_capacity_mw),
    );
    await expectChartHolds(
      page,
      'reductions',
      overTime(
        series,
        (s) => s.indicators.emission_reductions_tco2e,
        (s) => s.indicators.verified_reductions_tco2e,
      ),
    );
    await expectChartHolds(
      page,
      'technology',
      new Map(technologies.map((t) => [t.key, [t.indicators.emission_reductions_tco2e]])),
    );
    await expectChartHolds(page, 'direction', components(item.indicators.investment_by_direction_usd));
    await expectChartHolds(page, 'attribution', components(item.indicators.attributed_reductions_tco2e));
    await expectChartHolds(
      page,
      'disbursement',
      overTime(
        series,
        (s) => s.indicators.investment_cumulative_usd,
        (s) => s.indicators.investment_disbursed_cumulative_usd ?? null,
      ),
    );
    // Achieved is the published ratio × the expected reductions, to 3 decimals.
    await expectChartHolds(
      page,
      'expected',
      overTime(
        series,
        (s) => s.indicators.expected_reductions_tco2e ?? null,
        (s) => {
          const { reductions_vs_expected: ratio, expected_reductions_tco2e: expected } = s.indicators;
          return typeof ratio !== 'number' || typeof expected !== 'number'
            ? null
            : Math.round(ratio * expected * 1000) / 1000;
        },
      ),
    );
    // The sample data's disbursements and targets survive disclosure control in some years.
    expect(series.some((s) => (s.indicators.investment_disbursed_cumulative_usd ?? 0) > 0)).toBe(true);
    expect(series.some((s) => s.indicators.reductions_vs_expected !== null)).toBe(true);

    for (const name of [
      'capacity',
      'reductions',
      'disbursement',
      'expected',
      'technology',
      'direction',
      'attribution',
    ]) {
      const canvas = page.locator(`#chart-${name}`);
      expect(await canvas.getAttribute('role')).toBe('img');
      const caption = page.locator(`#${await canvas.getAttribute('aria-labelledby')}`);
      expect((await caption.textContent())?.length).toBeGreaterThan(10);
      expect(await canvas.isVisible()).toBe(true);
    }
    await screenshot(page, 'dashboard-every-chart');
    expect(problems).toEqual([]);
  });

  it('redraws the charts and updates the URL when a filter changes', async () => {
    const { page, problems } = await openPage(browser);
    await openDashboard(page);
    const years = await apiItems({ granularity: 'year', slice: 'all', key: 'all' });
    expect((await chartContents(page, 'capacity')).labels).toEqual(years.map((y) => y.period));

    await page.getByLabel('Granularity').selectOption('quarter');
    await waitForView(page, 'granularity=quarter');
    expect(new URL(page.url()).searchParams.get('granularity')).toBe('quarter');
    const quarters = await apiItems({ granularity: 'quarter', slice: 'all', key: 'all' });
    await expectChartHolds(
      page,
      'capacity',
      overTime(quarters, (q) => q.indicators.operating_capacity_mw),
    );

    await page.getByLabel('Slice').selectOption('technology:solar_pv');
    await waitForView(page, 'granularity=quarter', 'slice=technology', 'key=solar_pv');
    expect(new URL(page.url()).searchParams.get('key')).toBe('solar_pv');
    // The by-technology chart is not sliced, and its caption says so under a slice.
    await expect
      .poll(() => page.locator('#caption-technology').textContent())
      .toBe('Emission reductions by technology, all projects (tCO₂e)');
    const solar = await apiItems({ granularity: 'quarter', slice: 'technology', key: 'solar_pv' });
    await expectChartHolds(
      page,
      'reductions',
      overTime(
        solar,
        (q) => q.indicators.emission_reductions_tco2e,
        (q) => q.indicators.verified_reductions_tco2e,
      ),
    );

    const earlier = solar.at(-3);
    if (!earlier) throw new Error('Solar PV has fewer than three quarters');
    await page.getByLabel('Period').selectOption(earlier.period);
    await waitForView(page, `period=${earlier.period}`);
    expect(new URL(page.url()).searchParams.get('period')).toBe(earlier.period);
    await expectChartHolds(page, 'attribution', components(earlier.indicators.attributed_reductions_tco2e));
    expect(
      JSON.parse((await page.locator('[data-card="capacity"] .value').getAttribute('data-value')) ?? ''),
    ).toBe(earlier.indicators.operating_capacity_mw);

    await page.goBack();
    await waitForView(page, 'key=solar_pv');
    expect(new URL(page.url()).searchParams.get('period')).toBeNull();
    expect(problems).toEqual([]);
  });

  it('downloads the CSV of the view from its link, with the rows the API gives as JSON', async () => {
    const { page, problems } = await openPage(browser);
    await openDashboard(page, '?granularity=year');
    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('#csv-link').click()]);
    expect(download.suggestedFilename()).toBe(`jucip-indicators-${inject('runId')}.csv`);
    const lines = readFileSync(await download.path(), 'utf8')
      .trim()
      .split(/\r?\n/);
    expect(lines[0]).toBe('run_id,granularity,period,slice,key,indicator,component,value,conf_status');

    const expected: string[] = [];
    for (const item of await apiItems({ granularity: 'year', slice: 'all', key: 'all' })) {
      for (const [indicator, value] of Object.entries(item.indicators)) {
        const parts = value !== null && typeof value === 'object' ? Object.entries(value) : [['', value]];
        for (const [component, number] of parts) {
          const row = [
            inject('runId'),
            'year',
            item.period,
            'all',
            'all',
            indicator,
            component,
            number ?? '',
            // The cell's confidentiality code (docs/disclosure-control.md): F unless it is suppressed.
            item.confStatus?.[component === '' ? indicator : `${indicator}.${component}`] ?? 'F',
          ];
          expected.push(
            row.map((cell) => (/[",\n]/.test(String(cell)) ? `"${cell}"` : String(cell))).join(','),
          );
        }
      }
    }
    expect(lines.slice(1).sort()).toEqual(expected.sort());
    expect(problems).toEqual([]);
  });

  it('links the files of the latest release, whose CSV downloads with the size its descriptor states', async () => {
    const { page, problems } = await openPage(browser);
    await openDashboard(page, '');
    const note = page.locator('#release-note');
    await note.waitFor();
    expect(await note.textContent()).toContain(inject('runId'));
    const csvHref = await page.locator('#release-csv').getAttribute('href');
    expect(csvHref).toBe(`/releases/${inject('runId')}/indicators.csv.gz`);
    expect(await page.locator('#release-descriptor').getAttribute('href')).toBe(
      `/releases/${inject('runId')}/datapackage.json`,
    );
    expect(await page.locator('#release-readme').getAttribute('href')).toBe(
      `/releases/${inject('runId')}/README.md`,
    );

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.locator('#release-csv').click(),
    ]);
    const descriptor = (await (await fetch(`${inject('baseUrl')}/releases/${inject('runId')}`)).json()) as {
      resources: { path: string; bytes: number }[];
    };
    expect(readFileSync(await download.path()).length).toBe(
      descriptor.resources.find((resource) => resource.path === 'indicators.csv.gz')?.bytes,
    );
    expect(problems).toEqual([]);
  });

  it('lets a keyboard reach every filter and the CSV link, each with a label', async () => {
    const { page, problems } = await openPage(browser);
    await openDashboard(page);
    const reached: string[] = [];
    for (let i = 0; i < 12; i++) {
      await page.keyboard.press('Tab');
      reached.push(
        await page.evaluate(
          () =>
            (globalThis as unknown as { document: { activeElement: { id: string } } }).document.activeElement
              .id,
        ),
      );
    }
    const order = ['granularity', 'period', 'slice', 'csv-link'].map((id) => reached.indexOf(id));
    expect(order.every((index) => index >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);

    for (const label of ['Granularity', 'Period', 'Slice']) {
      expect(
        await page
          .getByLabel(label)
          .evaluate((element) => (element as unknown as { tagName: string }).tagName),
      ).toBe('SELECT');
    }
    await page.getByLabel('Granularity').focus();
    await page.keyboard.press('ArrowDown');
    await waitForView(page, 'granularity=quarter');
    expect(problems).toEqual([]);
  });

  it('fits a phone screen without scrolling sideways', async () => {
    const { page, problems } = await openPage(browser, { width: 390, height: 844 });
    await openDashboard(page, '?granularity=month');
    const widths = await page.evaluate(() => {
      const root = (
        globalThis as unknown as {
          document: { documentElement: { scrollWidth: number; clientWidth: number } };
        }
      ).document.documentElement;
      return { scroll: root.scrollWidth, client: root.clientWidth };
    });
    expect(widths.client).toBe(390);
    expect(widths.scroll).toBeLessThanOrEqual(widths.client);
    await screenshot(page, 'dashboard-phone');
    expect(problems).toEqual([]);
  });
});
