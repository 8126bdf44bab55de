import { describe, expect, inject, it } from 'vitest';

const baseUrl = inject('baseUrl');

describe('GET /health over HTTP', () => {
  it('returns 200 with the database reachable', async () => {
    const response = await fetch(`${baseUrl}/health`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(await response.json()).toEqual({
      status: 'ok',
      version: expect.any(String),
      dependencies: { db: 'ok' },
    });
  });

  it('carries security headers and a request id', async () => {
    const response = await fetch(`${baseUrl}/health`, { headers: { 'x-request-id': 'e2e-trace-1' } });
    expect(response.headers.get('x-request-id')).toBe('e2e-trace-1');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
  });
});

describe('unknown paths and methods over HTTP', () => {
  it('returns 404 problem for an unknown path', async () => {
    const response = await fetch(`${baseUrl}/no/such/thing`);
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toBe('application/problem+json; charset=utf-8');
    expect(await response.json()).toMatchObject({ status: 404, instance: '/no/such/thing' });
  });

  it('returns 405 problem with Allow for a known path and the wrong method', async () => {
    const response = await fetch(`${baseUrl}/health`, { method: 'DELETE' });
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('GET');
  });
});
