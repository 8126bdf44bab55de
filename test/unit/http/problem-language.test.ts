import { describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { NotFoundError, ValidationError } from '../../../shared/domain/errors.ts';
import { parseOrThrow } from '../../../shared/domain/validation.ts';
import '../../../shared/domain/zod-messages.ts';
import { httpHandler, maxBodyBytes } from '../../../shared/http/handler.ts';
import { json } from '../../../shared/http/response.ts';
import { httpEvent, lambdaContext, readResult } from '../../support/events.ts';

const schema = z.strictObject({
  name: z.string().check(z.minLength(1)),
  capacityMw: z.number().check(z.positive(), z.lte(30_000, 'Must be at most 3e+4')),
  technology: z.enum(['solar_pv', 'wind_onshore']),
});

const api = httpHandler<string>({
  'POST /things': {
    bodyTypes: ['application/json'],
    handler: async ({ body }) => json(201, parseOrThrow(schema, body)),
  },
  'GET /things/{id}': async () => {
    throw new NotFoundError('Project not found');
  },
  'GET /custom': async () => {
    throw new ValidationError([
      { path: 'effectiveDate', message: 'Must not be in the future (today is 2026-12-03)' },
    ]);
  },
  'GET /boom': async () => {
    throw new Error('internal table name leaked?');
  },
});

async function call(options: Parameters<typeof httpEvent>[0]) {
  return readResult(await api(httpEvent(options), lambdaContext()));
}

const badThing = JSON.stringify({ name: '', capacityMw: 40_000, technology: 'coal', colour: 'red' });

describe('problem documents in the caller’s language', () => {
  it('are in Japanese for Accept-Language ja: title, detail and every field message, with type, paths and status unchanged', async () => {
    const english = await call({
      method: 'POST',
      path: '/things',
      headers: { 'content-type': 'application/json' },
      body: badThing,
    });
    const japanese = await call({
      method: 'POST',
      path: '/things',
      headers: { 'content-type': 'application/json', 'accept-language': 'ja-JP,ja;q=0.9,en;q=0.8' },
      body: badThing,
    });
    expect(japanese.statusCode).toBe(422);
    expect(japanese.json.type).toBe(english.json.type);
    expect(japanese.json.status).toBe(english.json.status);
    expect(japanese.json.title).toBe('入力内容に誤りがあります');
    expect(japanese.json.detail).toBe('リクエストの内容に誤りがあります。');
    const paths = (document: typeof english.json) =>
      (document.errors as { path: string; message: string }[]).map((error) => error.path);
    expect(paths(japanese.json)).toEqual(paths(english.json));
    const messages = Object.fromEntries(
      (japanese.json.errors as { path: string; message: string }[]).map((error) => [
        error.path,
        error.message,
      ]),
    );
    // zod's own messages from its Japanese locale; the schema's own message and the unknown field from the catalogue.
    expect(messages.name).toMatch(/^小さすぎる値/);
    expect(messages.capacityMw).toBe('3e+4 以下の値を指定してください。');
    expect(messages.technology).toMatch(/^無効な選択: "solar_pv"、"wind_onshore"/);
    expect(messages.colour).toBe('このリクエストでは受け付けない項目です。');
    // Enum values and field names stay as they are.
    expect(messages.technology).toContain('solar_pv');
    expect(japanese.headers['content-language']).toBe('ja');
    expect(japanese.headers.vary).toMatch(/Accept-Language/);
  });

  it('stay English without Accept-Language, for other languages, and when Japanese is refused', async () => {
    for (const headers of [
      {},
      { 'accept-language': 'fr-FR,de;q=0.8' },
      { 'accept-language': 'ja;q=0, en;q=0.1' },
    ]) {
      const result = await call({
        method: 'POST',
        path: '/things',
        headers: { 'content-type': 'application/json', ...headers },
        body: badThing,
      });
      expect(result.json.title).toBe('Validation failed');
      const messages = (result.json.errors as { path: string; message: string }[]).map(
        (error) => error.message,
      );
      expect(messages).toContain('Not a field this request accepts');
      expect(messages.join(' ')).toMatch(/Too small/);
      expect(result.headers['content-language']).toBe('en');
    }
  });

  it('keeps concurrent requests in their own languages', async () => {
    const requests = Array.from({ length: 20 }, (_, index) =>
      call({
        method: 'POST',
        path: '/things',
        headers: { 'content-type': 'application/json', 'accept-language': index % 2 === 0 ? 'ja' : 'en' },
        body: badThing,
      }),
    );
    const results = await Promise.all(requests);
    results.forEach((result, index) => {
      const name = (result.json.errors as { path: string; message: string }[]).find((e) => e.path === 'name');
      expect(name?.message).toMatch(index % 2 === 0 ? /^小さすぎる値/ : /^Too small/);
    });
  });

  it('translates details with the values they carry, edge errors included', async () => {
    const notFound = await call({
      path: '/things/1',
      route: '/things/{id}',
      headers: { 'accept-language': 'ja' },
    });
    expect(notFound.json).toMatchObject({
      title: '見つかりません',
      detail: 'プロジェクトが見つかりません。',
    });
    const custom = await call({ path: '/custom', headers: { 'accept-language': 'ja' } });
    expect(custom.json.errors).toEqual([
      { path: 'effectiveDate', message: '将来の日付は指定できません（本日は 2026-12-03 です）。' },
    ]);
    const tooLarge = await call({
      method: 'POST',
      path: '/things',
      headers: { 'content-type': 'application/json', 'accept-language': 'ja' },
      body: 'x'.repeat(maxBodyBytes + 1),
    });
    expect(tooLarge.json).toMatchObject({
      status: 413,
      type: '/problems/payload-too-large',
      title: 'リクエストの本文が大きすぎます',
      detail: `リクエストの本文が ${maxBodyBytes} バイトを超えています。`,
    });
    const noRoute = await call({ path: '/nowhere', route: '$default', headers: { 'accept-language': 'ja' } });
    expect(noRoute.json).toMatchObject({ status: 404, detail: 'このパスにはリソースがありません。' });
    const internal = await call({ path: '/boom', headers: { 'accept-language': 'ja' } });
    expect(internal.json).toMatchObject({
      title: '内部エラーが発生しました',
      detail: '予期しないエラーが発生しました。',
    });
  });
});
