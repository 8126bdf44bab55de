import middy from '@middy/core';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { routeHeadersWin } from '../../../../shared/http/middleware/route-headers.ts';
import type { HttpContext } from '../../../../shared/http/middleware/types.ts';
import type { HttpResponse } from '../../../../shared/http/response.ts';
import { httpEvent, lambdaContext } from '../../../support/events.ts';

/** The middleware, then one that adds capitalised defaults the way the security middleware does. */
function withMiddleware(answer: () => HttpResponse) {
  return middy<APIGatewayProxyEventV2, HttpResponse, Error, HttpContext>()
    .use(routeHeadersWin())
    .use({
      after: (request) => {
        request.response = {
          ...request.response,
          statusCode: request.response?.statusCode ?? 200,
          headers: {
            ...request.response?.headers,
            'Content-Security-Policy': "default-src 'none'",
            'X-Frame-Options': 'DENY',
          },
        };
      },
    })
    .handler(async () => answer());
}

describe('routeHeadersWin middleware', () => {
  it("drops a default that the route's own lower-case header shadows, and keeps the others", async () => {
    const response = (await withMiddleware(() => ({
      statusCode: 200,
      headers: { 'content-security-policy': "script-src 'self'" },
      body: '<!doctype html>',
    }))(httpEvent(), lambdaContext())) as HttpResponse;
    expect(response.headers).toEqual({
      'content-security-policy': "script-src 'self'",
      'X-Frame-Options': 'DENY',
    });
  });

  it('leaves the defaults where the route set nothing of the same name', async () => {
    const response = (await withMiddleware(() => ({ statusCode: 204, headers: {} }))(
      httpEvent(),
      lambdaContext(),
    )) as HttpResponse;
    expect(response.headers).toEqual({
      'Content-Security-Policy': "default-src 'none'",
      'X-Frame-Options': 'DENY',
    });
  });
});
