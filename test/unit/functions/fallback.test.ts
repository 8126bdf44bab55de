import { describe, expect, it } from 'vitest';
import { handler } from '../../../functions/fallback/handler.ts';
import { httpEvent, lambdaContext, readResult } from '../../support/events.ts';

describe('$default route', () => {
  it('returns 404 problem for an unknown path', async () => {
    const result = readResult(
      await handler(httpEvent({ path: '/nowhere', route: '$default' }), lambdaContext()),
    );
    expect(result.statusCode).toBe(404);
    expect(result.json).toMatchObject({ status: 404, type: '/problems/not-found', instance: '/nowhere' });
  });

  it('returns 405 problem with Allow for a known path and the wrong method', async () => {
    const result = readResult(
      await handler(httpEvent({ method: 'DELETE', path: '/health', route: '$default' }), lambdaContext()),
    );
    expect(result.statusCode).toBe(405);
    expect(result.headers.allow).toBe('GET');
  });
});
