import middy from '@middy/core';
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { NotFoundError } from '../../../shared/domain/errors.ts';
import { cacheControl, carriesToken, privateNoStore } from '../../../shared/http/cache-control.ts';
import { httpHandler } from '../../../shared/http/handler.ts';
import type { HttpResponse } from '../../../shared/http/response.ts';
import { httpEvent, lambdaContext, readResult } from '../../support/events.ts';

const aToken = { authorization: 'Bearer eyJhbGciOiJSUzI1NiJ9.e30.c2ln' };
const someClaims = { sub: 'user-viewer', 'cognito:groups': '[viewer]' };

/** The middleware alone, around a handler that answers `response` (or throws and lets `onError` answer). */
function withMiddleware(answer: () => HttpResponse) {
  return middy<APIGatewayProxyEventV2, HttpResponse, Error, Context>()
    .use(cacheControl())
    .handler(async () => answer());
}

async function respond(answer: () => HttpResponse, options: Parameters<typeof httpEvent>[0] = {}) {
  return readResult(await withMiddleware(answer)(httpEvent(options), lambdaContext()));
}

describe('carriesToken', () => {
  it.each([
    ['an Authorization header', { headers: aToken }, true],
    ['an Authorization header spelt in capitals', { headers: { Authorization: 'Bearer x' } }, true],
    ['claims the authorizer checked', { claims: someClaims }, true],
    ['neither', {}, false],
    ['an empty Authorization header', { headers: { authorization: '' } }, false],
  ] as const)('says a request with %s carries one: %s', (_what, options, expected) => {
    expect(carriesToken(httpEvent(options))).toBe(expected);
  });
});

describe('cacheControl middleware', () => {
  it.each([['private, no-cache'], ['public, max-age=60'], ['private, max-age=3600']])(
    'answers a request with a token with private, no-store, whatever the route said (%s)',
    async (said) => {
      const result = await respond(() => ({ statusCode: 200, headers: { 'cache-control': said } }), {
        headers: aToken,
      });

      expect(result.headers['cache-control']).toBe(privateNoStore);
    },
  );

  it('adds private, no-store when the route said nothing, for claims without a header too', async () => {
    const result = await respond(() => ({ statusCode: 200, body: '{}' }), { claims: someClaims });

    expect(result.headers['cache-control']).toBe(privateNoStore);
  });

  it('leaves one Cache-Control header, replacing one spelt in capitals', async () => {
    const response = await withMiddleware(() => ({
      statusCode: 200,
      headers: { 'Cache-Control': 'public, max-age=60' },
    }))(httpEvent({ headers: aToken }), lambdaContext());

    expect(response.headers).toEqual({ 'cache-control': privateNoStore });
  });

  it('answers an error to a request with a token with private, no-store', async () => {
    const handler = middy<APIGatewayProxyEventV2, HttpResponse, Error, Context>()
      .use(cacheControl())
      .use({
        onError: (request) => {
          request.response = { statusCode: 404, headers: { 'content-type': 'application/problem+json' } };
        },
      })
      .handler(async () => {
        throw new NotFoundError('Project not found');
      });

    const result = readResult(await handler(httpEvent({ headers: aToken }), lambdaContext()));

    expect(result.statusCode).toBe(404);
    expect(result.headers['cache-control']).toBe(privateNoStore);
  });

  it('keeps a public policy for an anonymous request and varies it on Authorization too', async () => {
    const result = await respond(() => ({
      statusCode: 200,
      headers: { 'cache-control': 'public, max-age=60', vary: 'accept' },
    }));

    expect(result.headers['cache-control']).toBe('public, max-age=60');
    expect(result.headers.vary).toBe('accept, authorization');
  });

  it('does not repeat Authorization in Vary', async () => {
    const result = await respond(() => ({
      statusCode: 200,
      headers: { 'cache-control': 'public, max-age=60', Vary: 'Authorization' },
    }));

    expect(result.headers.vary).toBe('Authorization');
  });

  it.each([['no-cache'], ['no-store'], ['private, max-age=60']])(
    'leaves an anonymous response that shared caches may not keep (%s) as the route made it',
    async (said) => {
      const result = await respond(() => ({ statusCode: 200, headers: { 'cache-control': said } }));

      expect(result.headers['cache-control']).toBe(said);
      expect(result.headers.vary).toBeUndefined();
    },
  );
});

describe('httpHandler applies the caching rule to every route', () => {
  const handler = httpHandler<string>({
    'GET /public': async () => ({ statusCode: 200, headers: { 'cache-control': 'public, max-age=60' } }),
    'GET /missing': async () => {
      throw new NotFoundError('Project not found');
    },
  });

  it('on a problem response to a request with a token', async () => {
    const result = readResult(
      await handler(httpEvent({ path: '/missing', claims: someClaims, headers: aToken }), lambdaContext()),
    );

    expect(result.statusCode).toBe(404);
    expect(result.headers['content-type']).toContain('application/problem+json');
    expect(result.headers['cache-control']).toBe(privateNoStore);
  });

  it('on a route that would have let caches keep its answer, when asked with a token', async () => {
    const result = readResult(
      await handler(httpEvent({ path: '/public', headers: aToken }), lambdaContext()),
    );

    expect(result.headers['cache-control']).toBe(privateNoStore);
  });

  it('on the same route asked anonymously: public, varying on Authorization', async () => {
    const result = readResult(await handler(httpEvent({ path: '/public' }), lambdaContext()));

    expect(result.headers['cache-control']).toBe('public, max-age=60');
    expect(result.headers.vary).toBe('authorization');
  });
});
