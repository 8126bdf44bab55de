import middy from '@middy/core';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { assignRequestId, requestIdOf } from '../../../../shared/http/middleware/request-id.ts';
import type { HttpContext } from '../../../../shared/http/middleware/types.ts';
import type { HttpResponse } from '../../../../shared/http/response.ts';
import { httpEvent, lambdaContext, readResult } from '../../../support/events.ts';

/** The middleware alone, around a handler that reports the id it was given, or throws. */
function withMiddleware(fail = false) {
  return middy<APIGatewayProxyEventV2, HttpResponse, Error, HttpContext>()
    .use(assignRequestId())
    .use({
      // Stands in for the problem middleware: an error becomes a response, which must carry the id too.
      onError: (request) => {
        request.response = { statusCode: 500, headers: {}, body: '' };
      },
    })
    .handler(async (_event, context) => {
      if (fail) throw new Error('boom');
      return { statusCode: 200, headers: {}, body: JSON.stringify({ seen: context.requestId }) };
    });
}

describe('requestIdOf', () => {
  it("keeps a caller's well-formed x-request-id", () => {
    expect(requestIdOf(httpEvent({ headers: { 'x-request-id': 'abc-123:x.y_z' } }))).toBe('abc-123:x.y_z');
  });

  it("uses API Gateway's request id for a malformed or missing one", () => {
    const event = httpEvent({ headers: { 'x-request-id': 'bad id with spaces' } });
    expect(requestIdOf(event)).toBe(event.requestContext.requestId);
    const plain = httpEvent();
    expect(requestIdOf(plain)).toBe(plain.requestContext.requestId);
  });

  it('makes up a UUID when there is neither', () => {
    const event = httpEvent();
    const withoutId = { ...event, requestContext: { ...event.requestContext, requestId: '' } };
    expect(requestIdOf(withoutId)).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe('assignRequestId middleware', () => {
  it('hands the handler the same id it puts in the x-request-id header', async () => {
    const result = readResult(
      await withMiddleware()(httpEvent({ headers: { 'x-request-id': 'req-1' } }), lambdaContext()),
    );
    expect(result.json.seen).toBe('req-1');
    expect(result.headers['x-request-id']).toBe('req-1');
  });

  it('gives one made-up id to the handler and the response alike', async () => {
    const event = httpEvent();
    const withoutId = { ...event, requestContext: { ...event.requestContext, requestId: '' } };
    const result = readResult(await withMiddleware()(withoutId, lambdaContext()));
    expect(result.json.seen).toMatch(/^[0-9a-f-]{36}$/);
    expect(result.headers['x-request-id']).toBe(result.json.seen);
  });

  it('puts the id on error responses too', async () => {
    const result = readResult(
      await withMiddleware(true)(httpEvent({ headers: { 'x-request-id': 'req-2' } }), lambdaContext()),
    );
    expect(result.statusCode).toBe(500);
    expect(result.headers['x-request-id']).toBe('req-2');
  });
});
