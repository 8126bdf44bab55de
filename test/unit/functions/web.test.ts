import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  buildWebAssets,
  localizedOpenApi,
  openApiInfoKeys,
  type WebManifest,
} from '../../../functions/web/build.ts';
import { pageContentSecurityPolicy } from '../../../functions/web/site.ts';
import { buildOpenApiDocument } from '../../../shared/http/openapi.ts';
import { translate } from '../../../shared/i18n/catalogue.ts';
import { httpEvent, lambdaContext, readResult } from '../../support/events.ts';

const outDir = mkdtempSync(join(tmpdir(), 'jucip-web-'));
let manifest: WebManifest;
let handler: (event: unknown, context: unknown) => Promise<unknown>;

beforeAll(async () => {
  manifest = await buildWebAssets(outDir);
  process.env.WEB_ASSETS_DIR = outDir;
  ({ handler } = (await import('../../../functions/web/handler.ts')) as unknown as {
    handler: typeof handler;
  });
}, 60_000);

/** The raw response (headers as the function returns them) and a read of it. */
async function get(route: string, path: string, options: Parameters<typeof httpEvent>[0] = {}) {
  const raw = (await handler(httpEvent({ route, path, ...options }), lambdaContext())) as {
    statusCode: number;
    headers: Record<string, string | undefined>;
    body?: string;
  };
  return { raw, result: readResult(raw) };
}

const assetNamed = (prefix: string) => {
  const name = Object.keys(manifest.assets).find((asset) => asset.startsWith(prefix));
  if (!name) throw new Error(`No ${prefix} asset`);
  return name;
};

describe('web asset build', () => {
  it('gives every asset a content-hashed name and lists exactly the files it wrote', () => {
    expect(Object.keys(manifest.assets).sort()).toEqual(readdirSync(join(outDir, 'assets')).sort());
    for (const name of Object.keys(manifest.assets))
      expect(name).toMatch(/^[a-z-]+-[A-Z0-9]{8,10}\.(js|css)$/);
    for (const prefix of [
      'dashboard-',
      'dashboard-style-',
      'docs-init-',
      'swagger-ui-bundle-',
      'swagger-ui-',
    ])
      expect(() => assetNamed(prefix)).not.toThrow();
  });

  it('writes the OpenAPI document as JSON.stringify(buildOpenApiDocument())', () => {
    expect(readFileSync(join(outDir, 'openapi.json'), 'utf8')).toBe(JSON.stringify(buildOpenApiDocument()));
  });

  it('writes pages that load only listed assets from this origin, with no inline script or style', () => {
    for (const page of Object.values(manifest.pages).flatMap((byLanguage) => Object.values(byLanguage))) {
      const html = readFileSync(join(outDir, 'pages', page), 'utf8');
      const references = [...html.matchAll(/(?:src|href)="([^"]*)"/g)].map((m) => m[1] ?? '');
      for (const reference of references.filter((r) => r.startsWith('/assets/')))
        expect(manifest.assets).toHaveProperty([reference.slice('/assets/'.length)]);
      expect(references.filter((r) => /^(https?:)?\/\//.test(r))).toEqual([]);
      expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
      expect(html).not.toMatch(/\sstyle=|<style/);
      // Every template placeholder was filled.
      expect(html).not.toMatch(/\{\{/);
    }
  });

  it('writes each page once per language, with <html lang> and its texts from that catalogue', () => {
    for (const [language, title] of [
      ['en', 'JUCIP clean-energy cooperation tracker'],
      ['ja', 'JUCIP クリーンエネルギー協力トラッカー'],
    ] as const) {
      const html = readFileSync(join(outDir, 'pages', manifest.pages.dashboard[language]), 'utf8');
      expect(html).toMatch(new RegExp(`<html lang="${language}">`));
      expect(html).toContain(`<h1 data-i18n="site.name">${title}</h1>`);
      const docs = readFileSync(join(outDir, 'pages', manifest.pages.docs[language]), 'utf8');
      expect(docs).toContain(`data-openapi="/openapi.json?lang=${language}"`);
    }
  });

  it('keeps the English catalogue equal to the OpenAPI document it translates, and translates info and tags', () => {
    const document = buildOpenApiDocument();
    expect(document.info.description).toBe(openApiInfoKeys.map((key) => translate('en', key)).join('\n\n'));
    expect(document.info.title).toBe(translate('en', 'openapi.info.title'));
    for (const tag of document.tags)
      expect(tag.description).toBe(translate('en', `openapi.tag.${tag.name}` as never));
    const japanese = localizedOpenApi(document, 'ja');
    expect(japanese.info.description).toContain('日米クリーンエネルギー技術協力');
    expect(japanese.tags.map((tag) => tag.name)).toEqual(document.tags.map((tag) => tag.name));
    expect(japanese.paths).toBe(document.paths);
  });

  it('builds the same names from the same sources, over its own earlier build', async () => {
    const again = await buildWebAssets(mkdtempSync(join(tmpdir(), 'jucip-web-')));
    expect(again).toEqual(manifest);
    expect(await buildWebAssets(outDir)).toEqual(manifest);
  });

  it('refuses to empty a folder that holds anything but an earlier build', async () => {
    const elsewhere = mkdtempSync(join(tmpdir(), 'jucip-web-'));
    writeFileSync(join(elsewhere, 'notes.txt'), 'keep me');
    await expect(buildWebAssets(elsewhere)).rejects.toThrow(/notes\.txt/);
    expect(readFileSync(join(elsewhere, 'notes.txt'), 'utf8')).toBe('keep me');
  });
});

describe('web function', () => {
  it('serves the dashboard at / with a strict CSP, no-cache and an ETag', async () => {
    const { raw, result } = await get('/', '/');
    expect(result.statusCode).toBe(200);
    expect(result.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(result.headers['cache-control']).toBe('no-cache');
    expect(result.headers.etag).toMatch(/^"[\w-]+"$/);
    expect(raw.body).toContain(`/assets/${assetNamed('dashboard-style-')}`);
    const policies = Object.entries(raw.headers).filter(
      ([name]) => name.toLowerCase() === 'content-security-policy',
    );
    expect(policies).toEqual([['content-security-policy', pageContentSecurityPolicy]]);
    expect(pageContentSecurityPolicy).toContain("default-src 'none'");
    expect(pageContentSecurityPolicy).not.toContain('unsafe');
    expect(result.headers['x-frame-options']).toBe('DENY');
  });

  it('answers 304 without a body when If-None-Match names the current ETag', async () => {
    const first = await get('/', '/');
    const { raw } = await get('/', '/', { headers: { 'if-none-match': first.result.headers.etag ?? '' } });
    expect(raw.statusCode).toBe(304);
    expect(raw.body).toBeUndefined();
    expect(raw.headers.etag).toBe(first.result.headers.etag);
    const stale = await get('/', '/', { headers: { 'if-none-match': '"something-else"' } });
    expect(stale.raw.statusCode).toBe(200);
  });

  it.each([
    [{}, 'en'],
    [{ 'accept-language': 'ja' }, 'ja'],
    [{ 'accept-language': 'en-US,en;q=0.9,ja;q=0.8' }, 'en'],
    [{ 'accept-language': 'fr-FR, ja-JP;q=0.5, en;q=0.4' }, 'ja'],
    [{ 'accept-language': 'ja;q=0, en;q=0.1' }, 'en'],
  ] as const)(
    'serves the dashboard for Accept-Language %j in %s, saying so and varying on the header',
    async (headers, language) => {
      const { raw, result } = await get('/', '/', { headers });
      expect(raw.body).toMatch(new RegExp(`<html lang="${language}">`));
      expect(result.headers['content-language']).toBe(language);
      expect(result.headers.vary).toMatch(/Accept-Language/i);
    },
  );

  it('lets ?lang choose the language over Accept-Language, and ignores an unknown one', async () => {
    const chosen = await get('/', '/', { query: { lang: 'en' }, headers: { 'accept-language': 'ja' } });
    expect(chosen.raw.body).toMatch(/<html lang="en">/);
    const docs = await get('/docs', '/docs', { query: { lang: 'ja' } });
    expect(docs.raw.body).toMatch(/<html lang="ja">/);
    expect(docs.raw.body).toContain('API リファレンス');
    const unknown = await get('/', '/', { query: { lang: 'xx' }, headers: { 'accept-language': 'ja' } });
    expect(unknown.raw.body).toMatch(/<html lang="ja">/);
  });

  it('serves the OpenAPI document with Japanese info and tags for ?lang=ja, English otherwise', async () => {
    const japanese = await get('/openapi.json', '/openapi.json', { query: { lang: 'ja' } });
    expect(japanese.result.json).toEqual(localizedOpenApi(buildOpenApiDocument(), 'ja'));
    expect(japanese.result.headers['content-language']).toBe('ja');
    const header = await get('/openapi.json', '/openapi.json', { headers: { 'accept-language': 'ja' } });
    expect(header.result.json).toEqual(buildOpenApiDocument());
  });

  it('serves the API reference at /docs with swagger-ui from this origin', async () => {
    const { raw, result } = await get('/docs', '/docs');
    expect(result.statusCode).toBe(200);
    expect(result.headers['content-security-policy']).toBe(pageContentSecurityPolicy);
    expect(raw.body).toContain(`/assets/${assetNamed('swagger-ui-bundle-')}`);
    expect(raw.body).toContain(`/assets/${assetNamed('docs-init-')}`);
  });

  it('serves a hashed asset for a year, immutable, with its media type', async () => {
    const name = assetNamed('dashboard-style-');
    const { raw, result } = await get('/assets/{file}', `/assets/${name}`, {
      pathParameters: { file: name },
    });
    expect(result.statusCode).toBe(200);
    expect(result.headers['content-type']).toBe('text/css; charset=utf-8');
    expect(result.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(raw.body).toBe(readFileSync(join(outDir, 'assets', name), 'utf8'));
  });

  it('serves /openapi.json as the document, cached briefly', async () => {
    const { result } = await get('/openapi.json', '/openapi.json');
    expect(result.statusCode).toBe(200);
    expect(result.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(result.headers['cache-control']).toBe('public, max-age=300');
    expect(result.json).toEqual(buildOpenApiDocument());
  });

  it.each([
    'dashboard.js',
    'nothing-12345678.js',
    '../manifest.json',
    '..%2Fmanifest.json',
    '../pages/dashboard.html',
    '/etc/passwd',
    '__proto__',
    'constructor',
    'toString',
    '',
  ])('answers 404 problem for the asset name %j', async (file) => {
    const { result } = await get('/assets/{file}', `/assets/${encodeURIComponent(file)}`, {
      pathParameters: { file },
    });
    expect(result.statusCode).toBe(404);
    expect(result.headers['content-type']).toBe('application/problem+json; charset=utf-8');
    expect(result.json).toMatchObject({ status: 404 });
  });
});
