/**
 * Suppressed values (statistical disclosure control) on the dashboard: the API's `/indicators`
 * answers are replaced in the browser by items that carry `null` values and `confStatus` codes, so
 * the test does not depend on which cells the sample data happens to suppress.
 */
import type { Browser, Page, Route } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { IndicatorItem, Indicators } from '../../functions/web/dashboard/api.ts';
import { translate } from '../../shared/i18n/catalogue.ts';
import { chartContents, launchBrowser, openPage, screenshot, tableContents } from './support.ts';

let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
});

const runId = '01JR2M4P6Q8S0T2V4W6X8Y0Z1A';

function indicators(values: Partial<Indicators> = {}): Indicators {
  return {
    operating_capacity_mw: 120,
    investment_committed_usd: 3_000_000,
    investment_cumulative_usd: 9_000_000,
    investment_by_direction_usd: { 'JP→US': 2_000_000, 'US→JP': 1_000_000 },
    emission_reductions_tco2e: 800,
    verified_reductions_tco2e: 400,
    verified_share: 0.5,
    carbon_productivity_tco2e_per_musd: 90,
    attributed_reductions_tco2e: { JP: 500, US: 300 },
    reporting_coverage: 0.75,
    growth_vs_previous: { operating_capacity_mw: 0.2, generation_mwh: null, emission_reductions_tco2e: 0.1 },
    investment_disbursed_cumulative_usd: 4_000_000,
    expected_reductions_tco2e: 1_000,
    reductions_vs_expected: 0.8,
    ...values,
  };
}

/** Years 2023–2025 of all projects and two technologies, with primary and secondary suppression. */
const items: IndicatorItem[] = [
  { granularity: 'year', period: '2023', slice: 'all', key: 'all', indicators: indicators() },
  {
    granularity: 'year',
    period: '2024',
    slice: 'all',
    key: 'all',
    indicators: indicators({
      operating_capacity_mw: null,
      emission_reductions_tco2e: null,
      investment_disbursed_cumulative_usd: null,
      reductions_vs_expected: null,
    }),
    confStatus: {
      operating_capacity_mw: 'C',
      emission_reductions_tco2e: 'D',
      investment_disbursed_cumulative_usd: 'C',
      disbursement_ratio: 'C',
      reductions_vs_expected: 'D',
    },
  },
  {
    granularity: 'year',
    period: '2025',
    slice: 'all',
    key: 'all',
    indicators: indicators({
      operating_capacity_mw: null,
      verified_share: null,
      investment_by_direction_usd: { 'JP→US': 2_500_000, 'US→JP': null },
      attributed_reductions_tco2e: null,
      growth_vs_previous: {
        operating_capacity_mw: null,
        generation_mwh: null,
        emission_reductions_tco2e: null,
      },
    }),
    confStatus: {
      operating_capacity_mw: 'C',
      'growth_vs_previous.operating_capacity_mw': 'C',
      verified_share: 'D',
      'investment_by_direction_usd.US→JP': 'C',
      attributed_reductions_tco2e: 'C',
    },
  },
  {
    granularity: 'year',
    period: '2025',
    slice: 'technology',
    key: 'solar_pv',
    indicators: indicators({ emission_reductions_tco2e: 700 }),
  },
  {
    granularity: 'year',
    period: '2025',
    slice: 'technology',
    key: 'geothermal',
    indicators: indicators({ emission_reductions_tco2e: null }),
    confStatus: { emission_reductions_tco2e: 'C' },
  },
];

/** Answers `/indicators` from the items above, filtered as the API filters, and the run. */
async function serveSuppressedItems(page: Page): Promise<void> {
  const base = inject('baseUrl');
  await page.route(`${base}/indicators?**`, (route: Route) => {
    const query = new URL(route.request().url()).searchParams;
    const matching = items.filter(
      (item) =>
        (!query.get('granularity') || item.granularity === query.get('granularity')) &&
        (!query.get('period') || item.period === query.get('period')) &&
        (!query.get('slice') || item.slice === query.get('slice')) &&
        (!query.get('key') || item.key === query.get('key')),
    );
    return route.fulfill({
      json: { runId, computedAt: '2026-12-01T03:00:00Z', items: matching, nextCursor: null },
    });
  });
  await page.route(`${base}/indicators/runs/**`, (route: Route) =>
    route.fulfill({
      json: {
        runId,
        trigger: 'schedule',
        startedAt: '2026-12-01T02:59:00Z',
        finishedAt: '2026-12-01T03:00:00Z',
        calcVersion: 'test-sdc',
        inputsHash: 'x',
      },
    }),
  );
}

describe('suppressed values on the dashboard', () => {
  it.each([
    ['ja-JP', 'ja'],
    ['en-US', 'en'],
  ] as const)('shows them as suppressed with their reason, never as 0, in %s', async (locale, language) => {
    const { page, problems } = await openPage(browser, undefined, { locale });
    await serveSuppressedItems(page);
    await page.goto(`${inject('baseUrl')}/?granularity=year`);
    await page.locator(`body[data-state="ready"][data-language="${language}"]`).waitFor({ timeout: 30_000 });
    const word = translate(language, 'suppression.label');
    const primary = translate(language, 'suppression.reason.C');
    const secondary = translate(language, 'suppression.reason.D');

    // Headline card: the word, the reason on hover (title) and for screen readers, focusable.
    const capacity = page.locator('[data-card="capacity"] .value');
    expect(await capacity.getAttribute('data-value')).toBe('null');
    expect(await capacity.getAttribute('data-conf')).toBe('C');
    const mark = capacity.locator('.suppressed');
    expect(await mark.locator('[aria-hidden="true"]').textContent()).toBe(word);
    expect(await mark.getAttribute('title')).toBe(primary);
    expect(await mark.locator('.visually-hidden').textContent()).toContain(primary);
    await mark.focus();
    expect(
      await mark.evaluate(
        (node) =>
          node ===
          (node as unknown as { ownerDocument: { activeElement: unknown } }).ownerDocument.activeElement,
      ),
    ).toBe(true);
    const tooltip = await mark.evaluate(
      (node) =>
        (
          globalThis as unknown as {
            getComputedStyle(node: unknown, pseudo: string): { content: string };
          }
        ).getComputedStyle(node, '::after').content,
    );
    expect(tooltip).toContain(primary.slice(0, 10));
    expect(await page.locator('[data-card="capacity"] .change').getAttribute('data-conf')).toBe('C');
    // No number stands in for the suppressed value (its reason may mention one: "fewer than three").
    expect(await capacity.textContent()).not.toContain('MW');
    const share = page.locator('[data-card="reductions"] [data-detail="verified_share"] .suppressed');
    expect(await share.getAttribute('title')).toBe(secondary);

    // Over-time chart: a gap (null) where the value is suppressed, a note naming it, and the table says why.
    const chart = await chartContents(page, 'capacity');
    expect(chart.datasets[0]?.values).toEqual([120, null, null]);
    const note = page.locator('#figure-capacity .suppressed-note');
    expect(await note.isVisible()).toBe(true);
    expect(await note.textContent()).toContain(language === 'ja' ? '2024年' : '2024');
    const table = await tableContents(page, 'capacity');
    expect([...table.values()]).toEqual([[120], [null], [null]]);
    const cell = page.locator('#figure-capacity tbody tr[data-key="2024"] td');
    expect(await cell.getAttribute('data-conf')).toBe('C');
    expect(await cell.locator('.suppressed').getAttribute('title')).toBe(primary);
    expect(
      await page.locator('#figure-reductions tbody tr[data-key="2024"] td').first().getAttribute('data-conf'),
    ).toBe('D');

    // Committed vs disbursed, achieved vs expected: a gap and its reason where one side is suppressed;
    // achieved is the published ratio × expected, suppressed when the ratio is.
    const disbursement = await chartContents(page, 'disbursement');
    expect(disbursement.datasets.map((d) => d.values)).toEqual([
      [9_000_000, 9_000_000, 9_000_000],
      [4_000_000, null, 4_000_000],
    ]);
    expect(
      await page
        .locator('#figure-disbursement tbody tr[data-key="2024"] td')
        .nth(1)
        .getAttribute('data-conf'),
    ).toBe('C');
    const expected = await chartContents(page, 'expected');
    expect(expected.datasets.map((d) => d.values)).toEqual([
      [1_000, 1_000, 1_000],
      [800, null, 800],
    ]);
    expect(await page.locator('#figure-expected .suppressed-note').isVisible()).toBe(true);
    expect(
      await page.locator('#figure-expected tbody tr[data-key="2024"] td').nth(1).getAttribute('data-conf'),
    ).toBe('D');

    // Breakdowns: a suppressed component is a gap with its reason; a suppressed breakdown says so whole.
    expect((await chartContents(page, 'direction')).datasets[0]?.values).toEqual([2_500_000, null]);
    expect((await chartContents(page, 'technology')).datasets[0]?.values).toEqual([700, null]);
    const whole = page.locator('#figure-attribution .suppressed-note');
    expect(await whole.textContent()).toContain(translate(language, 'suppression.chartWhole'));
    expect(await page.locator('#figure-attribution .empty').isHidden()).toBe(true);

    await screenshot(page, `dashboard-suppressed-${language}`);
    expect(problems).toEqual([]);
  });
});
