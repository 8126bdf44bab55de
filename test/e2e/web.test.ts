import { describe, expect, inject, it } from 'vitest';

const baseUrl = inject('baseUrl');

/** The asset paths a page references. */
function assetPaths(html: string): string[] {
  return [...html.matchAll(/(?:src|href)="(\/assets\/[^"]+)"/g)].map((match) => match[1] ?? '');
}

describe('web pages over HTTP', () => {
  it('serves the dashboard at / to anyone, with a strict CSP, and every asset it names', async () => {
    const response = await fetch(`${baseUrl}/`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(response.headers.get('content-security-policy')).toMatch(
      /^default-src 'none'; script-src 'self';/,
    );
    expect(response.headers.get('cache-control')).toBe('no-cache');
    const paths = assetPaths(await response.text());
    expect(paths.length).toBeGreaterThanOrEqual(2);
    for (const path of paths) {
      const asset = await fetch(`${baseUrl}${path}`);
      expect(asset.status, path).toBe(200);
      expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
      await asset.arrayBuffer();
    }
  });

  it('answers 304 to a revalidation with the ETag', async () => {
    const first = await fetch(`${baseUrl}/docs`);
    await first.text();
    const etag = first.headers.get('etag') ?? '';
    expect(etag).not.toBe('');
    const again = await fetch(`${baseUrl}/docs`, { headers: { 'if-none-match': etag } });
    expect(again.status).toBe(304);
  });

  it('serves the OpenAPI document and refuses asset names outside the build', async () => {
    const document = await fetch(`${baseUrl}/openapi.json`);
    expect(document.status).toBe(200);
    expect(await document.json()).toMatchObject({ openapi: expect.stringMatching(/^3\./) });
    for (const name of ['..%2Fmanifest.json', 'manifest.json', 'nothing.js']) {
      const response = await fetch(`${baseUrl}/assets/${name}`);
      expect(response.status, name).toBe(404);
      expect(response.headers.get('content-type')).toBe('application/problem+json; charset=utf-8');
      await response.text();
    }
  });
});
