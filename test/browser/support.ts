/**
 * Helpers of the browser tests: Chromium from the system (Debian's package) driven by
 * playwright-core, pages that record every console error, page error, CSP violation and request
 * to another host, and reads of the same API the dashboard reads.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { inject } from 'vitest';
import type { IndicatorItem, ItemQuery } from '../../functions/web/dashboard/api.ts';
import { projectRoot } from '../support/local-process.ts';

/** Where screenshots go (git-ignored). */
export const artifactsDir = join(projectRoot, 'test-artifacts');

/** Chromium as Debian installs it; `CHROMIUM_PATH` points elsewhere. */
const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Headless, and nothing that would reach the network on its own. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

export interface WatchedPage {
  readonly page: Page;
  /** Console errors, uncaught page errors, CSP violations and requests to other hosts, in order. */
  readonly problems: string[];
}

/** Reports CSP violations from inside the page (the listener is added before any page script runs). */
const violationListener = `
  document.addEventListener('securitypolicyviolation', (event) => {
    console.error('CSP violation: ' + event.violatedDirective + ' blocked ' + (event.blockedURI || 'inline code'));
  });
`;

/**
 * A fresh context and page (viewport as given) that records whatever goes wrong in it. `locale`
 * sets the browser's language, and with it the `Accept-Language` header it sends.
 */
export async function openPage(
  browser: Browser,
  viewport: { width: number; height: number } = { width: 1280, height: 900 },
  options: { readonly locale?: string } = {},
): Promise<WatchedPage> {
  const context = await browser.newContext({
    viewport,
    acceptDownloads: true,
    locale: options.locale ?? 'en-US',
  });
  const page = await context.newPage();
  const problems: string[] = [];
  const baseUrl = inject('baseUrl');
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  await page.addInitScript({ content: violationListener });
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith(`${baseUrl}/`) || url.startsWith('data:')) return route.continue();
    problems.push(`request to another host: ${url}`);
    return route.abort();
  });
  return { page, problems };
}

/** Opens the dashboard with a query string and waits until it has drawn that view. */
export async function openDashboard(page: Page, search = ''): Promise<void> {
  await page.goto(`${inject('baseUrl')}/${search}`);
  await page.locator('body[data-state="ready"]').waitFor({ timeout: 30_000 });
}

/** Waits until the dashboard has drawn a view whose query string contains all of `parts`. */
export async function waitForView(page: Page, ...parts: string[]): Promise<void> {
  const selector = parts.map((part) => `[data-view*="${part}"]`).join('');
  await page.locator(`body[data-state="ready"]${selector}`).waitFor({ timeout: 30_000 });
}

/** A screenshot into `test-artifacts/`. */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(artifactsDir, { recursive: true });
  const path = join(artifactsDir, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

interface IndicatorsPage {
  readonly runId: string | null;
  readonly items: IndicatorItem[];
  readonly nextCursor: string | null;
}

/** Every item of `GET /indicators` for the query, from the API directly; fails if the run changes. */
export async function apiItems(query: ItemQuery): Promise<IndicatorItem[]> {
  const items: IndicatorItem[] = [];
  let cursor: string | null = null;
  do {
    const params = new URLSearchParams({ ...query, limit: '100', ...(cursor ? { cursor } : {}) });
    const response = await fetch(`${inject('baseUrl')}/indicators?${params}`);
    if (response.status !== 200) throw new Error(`GET /indicators?${params} answered ${response.status}`);
    const page = (await response.json()) as IndicatorsPage;
    if (page.runId !== inject('runId'))
      throw new Error(`The API serves run ${page.runId}, not ${inject('runId')}`);
    items.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return items.sort((a, b) => a.period.localeCompare(b.period));
}

/** What a chart holds, read from its Chart.js instance in the page. */
export interface ChartContents {
  readonly labels: string[];
  readonly datasets: { readonly label: string; readonly values: (number | null)[] }[];
}

export async function chartContents(page: Page, name: string): Promise<ChartContents> {
  const contents = await page.evaluate(
    (chart) =>
      (
        globalThis as unknown as { jucipDashboard: { chart: (n: string) => ChartContents | null } }
      ).jucipDashboard.chart(chart),
    name,
  );
  if (!contents) throw new Error(`The page has no chart "${name}"`);
  return contents;
}

/** A chart's data table: row key → the numbers of its columns (from the cells' exact values; null when suppressed). */
export async function tableContents(page: Page, name: string): Promise<Map<string, (number | null)[]>> {
  const rows = page.locator(`#figure-${name} tbody tr`);
  const result = new Map<string, (number | null)[]>();
  for (const row of await rows.all()) {
    const key = await row.getAttribute('data-key');
    const values = await row
      .locator('td')
      .evaluateAll((cells) =>
        cells.map(
          (cell) =>
            JSON.parse((cell as unknown as { dataset: { value: string } }).dataset.value) as number | null,
        ),
      );
    if (key !== null) result.set(key, values);
  }
  return result;
}
