import { describe, expect, it } from 'vitest';
import { handler } from '../../functions/public-read/handler.ts';
import { httpEvent, lambdaContext, readResult } from '../support/events.ts';

describe('GET /health on DynamoDB Local', () => {
  it('returns 200 with db ok', async () => {
    const result = readResult(await handler(httpEvent({ path: '/health' }), lambdaContext()));
    expect(result.statusCode).toBe(200);
    expect(result.json.dependencies).toEqual({ db: 'ok' });
  });
});
