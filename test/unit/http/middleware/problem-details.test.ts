import { ThrottlingException } from '@aws-sdk/client-dynamodb';
import middy from '@middy/core';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { NotFoundError, ValidationError } from '../../../../shared/domain/errors.ts';
import { messageLanguageOf, problemDetails } from '../../../../shared/http/middleware/problem-details.ts';
import type { HttpContext } from '../../../../shared/http/middleware/types.ts';
import { problemResponse } from '../../../../shared/http/problem.ts';
import type { HttpResponse } from '../../../../shared/http/response.ts';
import { httpEvent, lambdaContext, readResult } from '../../../support/events.ts';

/** The middleware alone, around a handler that throws `error`. */
async function answerTo(error: unknown, options: Parameters<typeof httpEvent>[0] = {}) {
  const handler = middy<APIGatewayProxyEventV2, HttpResponse, Error, HttpContext>()
    .use(problemDetails())
    .handler(async () => {
      throw error;
    });
  return readResult(await handler(httpEvent({ path: '/projects/x', ...options }), lambdaContext()));
}

describe('messageLanguageOf', () => {
  it.each([
    ['ja', 'ja'],
    ['ja-JP,en;q=0.5', 'ja'],
    ['fr', 'en'],
    [undefined, 'en'],
  ] as const)('reads Accept-Language %s as %s', (header, language) => {
    expect(messageLanguageOf(httpEvent(header ? { headers: { 'accept-language': header } } : {}))).toBe(
      language,
    );
  });
});

describe('problemDetails middleware', () => {
  it('answers a domain error with its problem document, naming the instance', async () => {
    const result = await answerTo(new NotFoundError('No such project'));
    expect(result.statusCode).toBe(404);
    expect(result.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(result.json).toMatchObject({ status: 404, detail: 'No such project', instance: '/projects/x' });
  });

  it('lists the bad fields of a validation error', async () => {
    const result = await answerTo(new ValidationError([{ path: 'name', message: 'Required' }]));
    expect(result.statusCode).toBe(422);
    expect(result.json.errors).toEqual([expect.objectContaining({ path: 'name' })]);
  });

  it('answers a throttled database with 503 and Retry-After', async () => {
    const result = await answerTo(new ThrottlingException({ message: 'Rate exceeded', $metadata: {} }));
    expect(result.statusCode).toBe(503);
    expect(result.headers['retry-after']).toBeDefined();
  });

  it('reveals nothing of an unexpected error', async () => {
    const result = await answerTo(new Error('secret table jucip-prod-projects exploded'));
    expect(result.statusCode).toBe(500);
    expect(JSON.stringify(result.json)).not.toContain('jucip-prod');
  });

  it("writes the title in the caller's language", async () => {
    const english = await answerTo(new NotFoundError('No such project'));
    const japanese = await answerTo(new NotFoundError('No such project'), {
      headers: { 'accept-language': 'ja' },
    });
    expect(japanese.json.title).not.toBe(english.json.title);
  });

  it('adds extension members after the standard ones, which they cannot replace', () => {
    const response = problemResponse(new NotFoundError('No such project'), '/projects/x', 'en', {
      status: 200,
      detail: 'overridden',
      hint: 'look elsewhere',
    });
    expect(JSON.parse(String(response.body))).toEqual({
      type: '/problems/not-found',
      title: 'Not found',
      status: 404,
      detail: 'No such project',
      instance: '/projects/x',
      hint: 'look elsewhere',
    });
  });
});
