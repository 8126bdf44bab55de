import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchBrowser, openPage, screenshot } from './support.ts';

let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
});

interface OpenApiDocument {
  info: { title: string };
  paths: Record<string, Record<string, unknown>>;
}

const methods = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

describe('GET /docs (the API reference)', () => {
  it('renders the OpenAPI document served at /openapi.json, every operation of it, within the page CSP', async () => {
    const document = (await (await fetch(`${inject('baseUrl')}/openapi.json`)).json()) as OpenApiDocument;
    const operations = Object.entries(document.paths).flatMap(([path, item]) =>
      Object.keys(item)
        .filter((method) => methods.includes(method))
        .map((method) => ({ method, path })),
    );

    const { page, problems } = await openPage(browser);
    const response = await page.goto(`${inject('baseUrl')}/docs`);
    expect(response?.status()).toBe(200);
    expect(response?.headers()['content-security-policy']).toContain("default-src 'none'");
    await expect
      .poll(() => page.locator('.swagger-ui .info .title').textContent())
      .toContain(document.info.title);

    if (operations.length === 0) {
      await page.getByText('No operations defined in spec!').waitFor();
    } else {
      await page.locator('.opblock').first().waitFor();
      expect(await page.locator('.opblock').count()).toBe(operations.length);
      for (const { method, path } of operations) {
        const block = page.locator(`.opblock-${method} .opblock-summary-path[data-path="${path}"]`);
        expect(await block.count(), `${method.toUpperCase()} ${path}`).toBe(1);
      }
    }
    await screenshot(page, 'docs');
    expect(problems).toEqual([]);
  });
});
