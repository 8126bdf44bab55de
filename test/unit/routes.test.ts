import { describe, expect, it } from 'vitest';
import {
  functions,
  httpFunctionIds,
  matchRoute,
  type RouteDefinition,
  routeKey,
  routes,
} from '../../shared/routes.ts';

const table: RouteDefinition[] = [
  { method: 'GET', path: '/projects', auth: 'jwt', function: 'public-read' },
  { method: 'POST', path: '/projects', auth: 'jwt', function: 'public-read' },
  { method: 'GET', path: '/projects/{id}', auth: 'jwt', function: 'public-read' },
  { method: 'POST', path: '/projects/import', auth: 'jwt', function: 'public-read' },
  { method: 'GET', path: '/projects/{id}/metrics/{period}', auth: 'jwt', function: 'public-read' },
];

describe('matchRoute', () => {
  it('matches a literal path', () => {
    const match = matchRoute('GET', '/projects', table);
    expect(match && 'route' in match && routeKey(match.route)).toBe('GET /projects');
  });

  it('extracts and decodes path parameters', () => {
    const match = matchRoute('GET', '/projects/p%201/metrics/2026-01', table);
    expect(match && 'route' in match ? match.pathParameters : undefined).toEqual({
      id: 'p 1',
      period: '2026-01',
    });
  });

  it('prefers a literal segment over a parameter', () => {
    const match = matchRoute('POST', '/projects/import', table);
    expect(match && 'route' in match && match.route.path).toBe('/projects/import');
  });

  it('answers the allowed methods when only the method is wrong', () => {
    expect(matchRoute('DELETE', '/projects', table)).toEqual({ allowed: ['GET', 'POST'] });
  });

  it('answers undefined for an unknown path', () => {
    expect(matchRoute('GET', '/nowhere', table)).toBeUndefined();
    expect(matchRoute('GET', '/projects/', table)).toBeUndefined();
  });

  it('treats a malformed escape as no match rather than throwing', () => {
    expect(matchRoute('GET', '/projects/%E0%A4%A', table)).toBeUndefined();
  });
});

describe('the route table', () => {
  it('has no route key twice', () => {
    const keys = routes.map(routeKey);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('points every route at an HTTP function that exists', () => {
    for (const route of routes) {
      expect(functions[route.function]).toBeDefined();
      expect(httpFunctionIds).toContain(route.function);
    }
  });

  it('serves the health check publicly', () => {
    expect(routes).toContainEqual({
      method: 'GET',
      path: '/health',
      auth: 'public',
      function: 'public-read',
    });
  });
});

describe('route scopes', () => {
  it('gives scopes to protected routes only', () => {
    const publicWithScope = routes.filter((route) => route.auth === 'public' && route.scope !== undefined);
    expect(publicWithScope.map(routeKey)).toEqual([]);
  });

  it('lets machine clients write projects and metrics and read, and nothing reserved to reviewers or admins', () => {
    const scoped = Object.fromEntries(routes.filter((r) => r.scope).map((r) => [routeKey(r), r.scope]));

    expect(scoped['POST /projects']).toBe('tracker/projects.write');
    expect(scoped['PUT /projects/{id}/metrics/{period}']).toBe('tracker/metrics.write');
    expect(scoped['GET /projects/{id}']).toBe('tracker/read');
    expect(scoped['POST /projects/{id}/review']).toBeUndefined();
    expect(scoped['POST /projects/{id}/metrics/{period}/verification']).toBeUndefined();
    expect(scoped['POST /organisations/{orgId}/clients']).toBeUndefined();
  });

  it('gives every function behind a protected route read access to the machine clients it looks up', () => {
    const jwtFunctions = new Set(routes.filter((r) => r.auth === 'jwt').map((r) => r.function));
    const without = [...jwtFunctions].filter((id) => functions[id].tables.organisations === undefined);

    expect(without).toEqual([]);
  });
});
