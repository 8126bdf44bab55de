import { ThrottlingException } from '@aws-sdk/client-dynamodb';
import { describe, expect, it } from 'vitest';
import { MalformedInputError, NotFoundError, ValidationError } from '../../../shared/domain/errors.ts';
import { type Bindings, httpHandler, maxBodyBytes } from '../../../shared/http/handler.ts';
import { json } from '../../../shared/http/response.ts';
import { httpEvent, lambdaContext, readResult } from '../../support/events.ts';

const echo = httpHandler<string>({
  'POST /echo': {
    bodyTypes: ['application/json', 'application/merge-patch+json', 'text/csv'],
    handler: async ({ body, rawBody, contentType, requestId }) =>
      json(200, { body, rawBody, contentType, requestId }),
  },
  'GET /fail': async () => {
    throw new Error('secret table jucip-prod-projects exploded at line 42');
  },
  'GET /invalid': async () => {
    throw new ValidationError([{ path: 'participants.0.country', message: 'Unknown country code "XX"' }]);
  },
  'GET /missing': async () => {
    throw new NotFoundError('No such project');
  },
  'GET /throttled': async () => {
    throw new ThrottlingException({ message: 'Rate exceeded', $metadata: {} });
  },
  'GET /refused': async () => {
    throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:8000'), { code: 'ECONNREFUSED' });
  },
  'GET /page': async () => ({
    statusCode: 200,
    headers: { 'content-type': 'text/html; charset=utf-8', 'content-security-policy': "script-src 'self'" },
    body: '<!doctype html>',
  }),
  'GET /bad-cursor': async () => {
    throw new MalformedInputError('The cursor is not valid', [{ path: 'cursor', message: 'tampered' }]);
  },
});

async function call(options: Parameters<typeof httpEvent>[0]) {
  return readResult(await echo(httpEvent(options), lambdaContext()));
}

describe('httpHandler', () => {
  it('parses a JSON body and passes it to the route', async () => {
    const result = await call({
      method: 'POST',
      path: '/echo',
      headers: { 'content-type': 'application/json; charset=utf-8' },
      body: '{"a":1}',
    });
    expect(result.statusCode).toBe(200);
    expect(result.json.body).toEqual({ a: 1 });
    expect(result.json.contentType).toBe('application/json');
  });

  it('parses a JSON merge patch body', async () => {
    const result = await call({
      method: 'POST',
      path: '/echo',
      headers: { 'content-type': 'application/merge-patch+json' },
      body: '{"a":null}',
    });
    expect(result.json.body).toEqual({ a: null });
  });

  it('passes a CSV body through as text', async () => {
    const result = await call({
      method: 'POST',
      path: '/echo',
      headers: { 'content-type': 'text/csv' },
      body: 'a,b\n1,2',
    });
    expect(result.json).toEqual({
      rawBody: 'a,b\n1,2',
      contentType: 'text/csv',
      requestId: expect.any(String),
    });
  });

  it('decodes a base64 body', async () => {
    const result = await call({
      method: 'POST',
      path: '/echo',
      headers: { 'content-type': 'application/json' },
      body: Buffer.from('{"b":2}').toString('base64'),
      isBase64Encoded: true,
    });
    expect(result.json.body).toEqual({ b: 2 });
  });

  it('returns 400 problem for malformed JSON', async () => {
    const result = await call({
      method: 'POST',
      path: '/echo',
      headers: { 'content-type': 'application/json' },
      body: '{"a":',
    });
    expect(result.statusCode).toBe(400);
    expect(result.headers['content-type']).toBe('application/problem+json; charset=utf-8');
    expect(result.json).toMatchObject({ status: 400, title: 'Malformed request', instance: '/echo' });
  });

  it('returns 400 problem for JSON nested deeper than any request needs, without walking it recursively', async () => {
    const body = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;
    const result = await call({
      method: 'POST',
      path: '/echo',
      headers: { 'content-type': 'application/json' },
      body,
    });
    expect(result.statusCode).toBe(400);
    expect(result.json.detail).toContain('nested');
  });

  it('returns 400 problem for an empty JSON body', async () => {
    const result = await call({
      method: 'POST',
      path: '/echo',
      headers: { 'content-type': 'application/json' },
      body: '',
    });
    expect(result.statusCode).toBe(400);
  });

  it('returns 415 problem for a content type the route does not read', async () => {
    const result = await call({
      method: 'POST',
      path: '/echo',
      headers: { 'content-type': 'text/plain' },
      body: 'hi',
    });
    expect(result.statusCode).toBe(415);
    expect(result.json.detail).toContain('application/json');
  });

  it('returns 415 problem when the content type is missing', async () => {
    const result = await call({ method: 'POST', path: '/echo', body: '{}' });
    expect(result.statusCode).toBe(415);
  });

  it('returns 413 problem for a body over 256 KiB, before parsing it', async () => {
    const body = `"${'x'.repeat(maxBodyBytes)}"`;
    const result = await call({
      method: 'POST',
      path: '/echo',
      headers: { 'content-type': 'application/json' },
      body,
    });
    expect(result.statusCode).toBe(413);
    expect(result.json.status).toBe(413);
  });

  it('accepts a body of exactly 256 KiB', async () => {
    const body = `"${'x'.repeat(maxBodyBytes - 2)}"`;
    const result = await call({
      method: 'POST',
      path: '/echo',
      headers: { 'content-type': 'application/json' },
      body,
    });
    expect(result.statusCode).toBe(200);
  });

  it('echoes a well-formed x-request-id', async () => {
    const result = await call({
      method: 'POST',
      path: '/echo',
      headers: { 'content-type': 'application/json', 'x-request-id': 'abc-123' },
      body: '{}',
    });
    expect(result.headers['x-request-id']).toBe('abc-123');
    expect(result.json.requestId).toBe('abc-123');
  });

  it('replaces a malformed x-request-id with the gateway request id', async () => {
    const event = httpEvent({ path: '/missing', headers: { 'x-request-id': 'bad id\n<script>' } });
    const result = readResult(await echo(event, lambdaContext()));
    expect(result.headers['x-request-id']).toBe(event.requestContext.requestId);
  });

  it('puts the request id and security headers on error responses too', async () => {
    const result = await call({ path: '/missing' });
    expect(result.statusCode).toBe(404);
    expect(result.headers['x-request-id']).toBeTruthy();
    expect(result.headers['x-content-type-options']).toBe('nosniff');
    expect(result.headers['strict-transport-security']).toContain('max-age=');
  });

  it("keeps a route's own Content-Security-Policy on HTML instead of the middleware's default", async () => {
    const result = (await echo(httpEvent({ path: '/page' }), lambdaContext())) as {
      headers: Record<string, string | undefined>;
    };
    const policies = Object.entries(result.headers).filter(
      ([name]) => name.toLowerCase() === 'content-security-policy',
    );
    expect(policies).toEqual([['content-security-policy', "script-src 'self'"]]);
    // The middleware's other HTML headers stay.
    expect(result.headers['X-Frame-Options']).toBe('DENY');
  });

  it('returns 422 problem listing every bad field', async () => {
    const result = await call({ path: '/invalid' });
    expect(result.statusCode).toBe(422);
    expect(result.json.errors).toEqual([
      { path: 'participants.0.country', message: 'Unknown country code "XX"' },
    ]);
  });

  it('returns 400 problem naming the bad query field', async () => {
    const result = await call({ path: '/bad-cursor' });
    expect(result.statusCode).toBe(400);
    expect(result.json.errors).toEqual([{ path: 'cursor', message: 'tampered' }]);
  });

  it('returns a 500 problem that reveals nothing internal for an unexpected error', async () => {
    const result = await call({ path: '/fail' });
    expect(result.statusCode).toBe(500);
    expect(result.json).toMatchObject({ status: 500, detail: 'An unexpected error occurred' });
    expect(JSON.stringify(result.json)).not.toMatch(/secret|jucip-prod|line 42|Error:/);
  });

  it('returns 503 with Retry-After when DynamoDB throttles', async () => {
    const result = await call({ path: '/throttled' });
    expect(result.statusCode).toBe(503);
    expect(result.headers['retry-after']).toBe('5');
  });

  it('returns 503 with Retry-After when the database refuses connections', async () => {
    const result = await call({ path: '/refused' });
    expect(result.statusCode).toBe(503);
    expect(result.json.detail).not.toContain('ECONNREFUSED');
  });

  it('returns 404 problem for a route key it does not serve', async () => {
    const result = await call({ path: '/elsewhere' });
    expect(result.statusCode).toBe(404);
  });
});

describe('route keys of the bindings', () => {
  it('takes the keys of the route table and $default', () => {
    const bindings: Bindings = {
      'GET /projects/{id}': async () => json(200, {}),
      $default: async () => json(404, {}),
    };
    expect(Object.keys(bindings)).toEqual(['GET /projects/{id}', '$default']);
  });

  it('refuses, when typechecking, a key that names no route (a typo)', () => {
    const typo = {
      // @ts-expect-error -- `GET /project/{id}` is no route of shared/routes.ts; `npm run typecheck` fails if this compiles
      'GET /project/{id}': async () => json(200, {}),
    } satisfies Bindings;
    // At run time the handler answers such a key as an unknown route.
    expect(Object.keys(typo)).toEqual(['GET /project/{id}']);
  });
});

describe('httpHandler wiring', () => {
  it('refuses to build a function that binds a protected route without a machine-client lookup', () => {
    const handler = async () => json(200, {});
    expect(() => httpHandler({ 'GET /projects': handler })).toThrow(/GET \/projects is a protected route/);
    expect(() =>
      httpHandler({ 'GET /projects': handler }, { machineClients: { grantOf: async () => undefined } }),
    ).not.toThrow();
    expect(() => httpHandler({ 'GET /health': handler })).not.toThrow();
  });
});
