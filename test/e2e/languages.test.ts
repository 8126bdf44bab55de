import { describe, expect, inject, it } from 'vitest';

const baseUrl = inject('baseUrl');

describe('languages over HTTP', () => {
  it('answers a bad query in Japanese for Accept-Language ja, with the same type and field paths', async () => {
    const url = `${baseUrl}/indicators?granularity=decade&period=2025-03`;
    const english = await fetch(url);
    const japanese = await fetch(url, { headers: { 'accept-language': 'ja-JP,ja;q=0.9,en;q=0.5' } });
    expect(japanese.status).toBe(400);
    expect(japanese.headers.get('content-language')).toBe('ja');
    expect(japanese.headers.get('vary')).toMatch(/Accept-Language/i);
    const en = (await english.json()) as { type: string; title: string; errors: { path: string }[] };
    const ja = (await japanese.json()) as {
      type: string;
      title: string;
      detail: string;
      errors: { path: string; message: string }[];
    };
    expect(ja.type).toBe(en.type);
    expect(ja.title).toBe('リクエストの形式が正しくありません');
    expect(ja.detail).toBe('クエリ文字列に誤りがあります。');
    expect(ja.errors.map((error) => error.path)).toEqual(en.errors.map((error) => error.path));
    for (const error of ja.errors) expect(error.message).toMatch(/[\u3040-\u30ff\u4e00-\u9fff]/);
  });

  it('serves the dashboard and the API reference in the language asked for', async () => {
    const byHeader = await fetch(`${baseUrl}/`, { headers: { 'accept-language': 'ja' } });
    expect(byHeader.headers.get('content-language')).toBe('ja');
    expect(await byHeader.text()).toMatch(/<html lang="ja">/);
    const byQuery = await fetch(`${baseUrl}/docs?lang=ja`, { headers: { 'accept-language': 'en' } });
    expect(await byQuery.text()).toContain('API リファレンス');
    const document = (await (await fetch(`${baseUrl}/openapi.json?lang=ja`)).json()) as {
      info: { title: string };
    };
    expect(document.info.title).toBe('JUCIP クリーンエネルギー協力トラッカー API');
  });
});
