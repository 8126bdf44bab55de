import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { handler } from '../../../functions/public-read/handler.ts';
import { documentClient } from '../../../shared/adapters/dynamodb/document-client.ts';
import { httpEvent, lambdaContext, readResult } from '../../support/events.ts';

const dynamo = mockClient(documentClient);

describe('GET /health', () => {
  beforeEach(() => {
    dynamo.reset();
  });

  it('returns 200 with the version when the database answers', async () => {
    dynamo.on(GetCommand).resolves({});
    const result = readResult(await handler(httpEvent({ path: '/health' }), lambdaContext()));
    expect(result.statusCode).toBe(200);
    expect(result.json).toEqual({ status: 'ok', version: expect.any(String), dependencies: { db: 'ok' } });
    expect(dynamo.commandCalls(GetCommand)[0]?.args[0].input.TableName).toBe('unit-reference');
  });

  it('returns 503 problem with Retry-After when the database is unreachable', async () => {
    dynamo.on(GetCommand).rejects(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }));
    const result = readResult(await handler(httpEvent({ path: '/health' }), lambdaContext()));
    expect(result.statusCode).toBe(503);
    expect(result.headers['retry-after']).toBe('5');
    expect(result.headers['content-type']).toContain('application/problem+json');
    expect(result.json).toMatchObject({ status: 503, dependencies: { db: 'unavailable' } });
  });

  it("answers the 503 problem in the caller's language, with the version and no caching", async () => {
    dynamo.on(GetCommand).rejects(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }));
    const result = readResult(
      await handler(httpEvent({ path: '/health', headers: { 'accept-language': 'ja' } }), lambdaContext()),
    );
    expect(result.statusCode).toBe(503);
    expect(result.headers['cache-control']).toBe('no-store');
    expect(result.json).toMatchObject({
      type: '/problems/service-unavailable',
      instance: '/health',
      version: expect.any(String),
      dependencies: { db: 'unavailable' },
    });
    expect(result.json.detail).toBe('データベースに接続できません。');
  });

  it('returns 503 when the database call times out', async () => {
    dynamo.on(GetCommand).rejects(Object.assign(new Error('Connection timed out'), { name: 'TimeoutError' }));
    const result = readResult(await handler(httpEvent({ path: '/health' }), lambdaContext()));
    expect(result.statusCode).toBe(503);
  });

  it('returns a 500 problem, not a healthy answer, for an unexpected database error', async () => {
    dynamo.on(GetCommand).rejects(new Error('AccessDenied'));
    const result = readResult(await handler(httpEvent({ path: '/health' }), lambdaContext()));
    expect(result.statusCode).toBe(500);
  });
});
