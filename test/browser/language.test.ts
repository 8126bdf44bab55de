import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { apiItems, chartContents, launchBrowser, openPage, screenshot } from './support.ts';

let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
});

/**
 * Latin words a Japanese page may show: units, codes and names that are not translated (`null` is
 * the JSON value the indicator definitions in the card titles' tooltips name).
 */
const allowedLatin = new Set([
  'null',
  'MW',
  'MWh',
  'tCO',
  'USD',
  'CSV',
  'API',
  'OpenAPI',
  'JSON',
  'JUCIP',
  'UTC',
  'CCUS',
]);

/**
 * Every text a reader sees or hears on the page, outside elements marked as another language
 * (`lang="en"` on the language switch): text, option labels, labelling attributes and what the
 * charts draw (their labels and legends).
 */
async function readableTexts(page: Page): Promise<string[]> {
  // The test code has no DOM types: the page's objects are described as far as they are used.
  interface PageElement {
    closest(selector: string): PageElement | null;
    getAttribute(name: string): string | null;
  }
  interface PageText {
    readonly textContent: string | null;
    readonly parentElement: PageElement | null;
  }
  interface PageDocument {
    readonly title: string;
    readonly body: unknown;
    createTreeWalker(root: unknown, show: number): { nextNode(): PageText | null };
    querySelectorAll(selector: string): Iterable<PageElement>;
  }
  const texts = await page.evaluate(() => {
    const doc = (globalThis as unknown as { document: PageDocument }).document;
    const inOtherLanguage = (node: PageElement | null) =>
      node?.closest('[lang]')?.getAttribute('lang') !== 'ja';
    const found: string[] = [doc.title];
    const walker = doc.createTreeWalker(doc.body, 4 /* NodeFilter.SHOW_TEXT */);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const parent = node.parentElement;
      if (!parent || inOtherLanguage(parent) || parent.closest('script, style')) continue;
      if (node.textContent?.trim()) found.push(node.textContent.trim());
    }
    for (const element of doc.querySelectorAll('[aria-label], [title], optgroup[label]')) {
      if (inOtherLanguage(element)) continue;
      for (const name of ['aria-label', 'title', 'label']) {
        const value = element.getAttribute(name);
        if (value) found.push(value);
      }
    }
    return found;
  });
  for (const name of ['capacity', 'reductions', 'technology', 'direction', 'attribution']) {
    const chart = await chartContents(page, name);
    texts.push(...chart.labels, ...chart.datasets.map((dataset) => dataset.label));
  }
  return texts;
}

/** Latin words in the texts that are neither allowed units and codes nor values from the data (`codes`). */
function englishWords(texts: readonly string[], codes: readonly string[]): string[] {
  const words = new Set<string>();
  for (let text of texts) {
    for (const code of codes) text = text.split(code).join(' ');
    for (const word of text.match(/[A-Za-z]{2,}/g) ?? []) if (!allowedLatin.has(word)) words.add(word);
  }
  return [...words];
}

async function overflow(page: Page) {
  return page.evaluate(() => {
    const root = (
      globalThis as unknown as { document: { documentElement: { scrollWidth: number; clientWidth: number } } }
    ).document.documentElement;
    return { scroll: root.scrollWidth, client: root.clientWidth };
  });
}

describe('the dashboard in Japanese and English', () => {
  it('renders in Japanese for Accept-Language ja, with no English label left, no errors and no sideways scrolling at 390 px', async () => {
    const { page, problems } = await openPage(browser, { width: 390, height: 844 }, { locale: 'ja-JP' });
    const response = await page.goto(`${inject('baseUrl')}/?granularity=quarter`);
    expect(response?.headers()['content-language']).toBe('ja');
    await page.locator('body[data-state="ready"][data-language="ja"]').waitFor({ timeout: 30_000 });
    expect(await page.locator('html').getAttribute('lang')).toBe('ja');
    expect(await page.locator('h1').textContent()).toBe('JUCIP クリーンエネルギー協力トラッカー');
    expect(await page.getByLabel('集計単位').inputValue()).toBe('quarter');

    // Data values that are codes: the run id, its calculation version and program keys.
    const run = (await (
      await fetch(`${inject('baseUrl')}/indicators/runs/${inject('runId')}?limit=1`)
    ).json()) as {
      calcVersion: string;
    };
    const programs = (await apiItems({ granularity: 'year', slice: 'program' })).map((item) => item.key);
    const texts = await readableTexts(page);
    expect(texts.join(' ')).toMatch(/稼働中の設備容量/);
    expect(englishWords(texts, [inject('runId'), run.calcVersion, ...programs])).toEqual([]);

    // Every select's option labels too (a closed select shows only one).
    const options = await page.locator('option').allTextContents();
    expect(englishWords(options, programs)).toEqual([]);

    const widths = await overflow(page);
    expect(widths.client).toBe(390);
    expect(widths.scroll).toBeLessThanOrEqual(widths.client);
    await screenshot(page, 'dashboard-phone-ja');
    expect(problems).toEqual([]);
  });

  it('writes numbers, currencies and dates the Japanese way', async () => {
    const { page, problems } = await openPage(browser, undefined, { locale: 'ja-JP' });
    await page.goto(`${inject('baseUrl')}/?granularity=year`);
    await page.locator('body[data-state="ready"][data-language="ja"]').waitFor({ timeout: 30_000 });
    expect(await page.locator('#run-note').textContent()).toMatch(
      /算定日時：\d{4}\/\d{2}\/\d{2} \d{1,2}:\d{2} UTC/,
    );
    const investment = await page.locator('[data-card="investment"] .value').textContent();
    expect(investment).toMatch(/^(\$[\d.,]+(万|億|兆)?|該当なし|秘匿)/);
    const latestYear =
      (await apiItems({ granularity: 'year', slice: 'all', key: 'all' })).at(-1)?.period ?? '';
    expect(await page.locator('#headline-scope').textContent()).toContain(`${latestYear}年`);
    expect(problems).toEqual([]);
  });

  it('switches to English with the visible switch and stays in English on reload', async () => {
    const { page, problems } = await openPage(browser, undefined, { locale: 'ja-JP' });
    await page.goto(`${inject('baseUrl')}/`);
    await page.locator('body[data-state="ready"][data-language="ja"]').waitFor({ timeout: 30_000 });
    const switcher = page.locator('#language-switch');
    expect(await switcher.textContent()).toBe('English');
    expect(await switcher.isVisible()).toBe(true);

    await switcher.click();
    await page.locator('body[data-state="ready"][data-language="en"]').waitFor({ timeout: 30_000 });
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    expect(await page.locator('h1').textContent()).toBe('JUCIP clean-energy cooperation tracker');
    expect(await page.locator('[data-card="capacity"] h3').textContent()).toBe('Operating clean capacity');
    expect((await chartContents(page, 'capacity')).datasets[0]?.label).toBe('Operating capacity (MW)');
    expect(await switcher.textContent()).toBe('日本語');

    await page.reload();
    await page.locator('body[data-state="ready"][data-language="en"]').waitFor({ timeout: 30_000 });
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    expect(await page.getByLabel('Granularity').isVisible()).toBe(true);
    expect(problems).toEqual([]);
  });

  it('follows ?lang in links over both the header and the remembered choice, and keeps it while filtering', async () => {
    const { page, problems } = await openPage(browser, undefined, { locale: 'en-US' });
    await page.goto(`${inject('baseUrl')}/?lang=ja`);
    await page.locator('body[data-state="ready"][data-language="ja"]').waitFor({ timeout: 30_000 });
    await page.getByLabel('集計単位').selectOption('month');
    await page
      .locator('body[data-state="ready"][data-view*="granularity=month"]')
      .waitFor({ timeout: 30_000 });
    expect(new URL(page.url()).searchParams.get('lang')).toBe('ja');
    expect(await page.locator('#docs-link').getAttribute('href')).toBe('/docs?lang=ja');
    expect(problems).toEqual([]);
  });
});

describe('the API reference in Japanese', () => {
  it('shows its page chrome and the document’s description and tags in Japanese for ?lang=ja', async () => {
    const { page, problems } = await openPage(browser);
    await page.goto(`${inject('baseUrl')}/docs?lang=ja`);
    expect(await page.locator('html').getAttribute('lang')).toBe('ja');
    await expect
      .poll(() => page.locator('.swagger-ui .info .title').textContent())
      .toContain('JUCIP クリーンエネルギー協力トラッカー API');
    expect(await page.locator('.swagger-ui .info .description').textContent()).toContain(
      '日米クリーンエネルギー',
    );
    expect(await page.locator('.site-header').textContent()).toContain('ダッシュボード');
    expect(problems).toEqual([]);
  });
});
