import { describe, expect, it } from 'vitest';
import { ForbiddenError, UnauthenticatedError } from '../../../shared/domain/errors.ts';
import type { Scope } from '../../../shared/domain/scopes.ts';
import { httpHandler } from '../../../shared/http/handler.ts';
import {
  authenticate,
  type MachineClientGrant,
  type MachineClientLookup,
  principalOf,
} from '../../../shared/http/principal.ts';
import { json } from '../../../shared/http/response.ts';
import { httpEvent, lambdaContext, readResult } from '../../support/events.ts';

/** A lookup over a fixed set of live clients, counting its calls. */
function aLookup(clients: Record<string, MachineClientGrant> = {}) {
  const lookup = {
    calls: 0,
    grantOf: async (clientId: string) => {
      lookup.calls += 1;
      return clients[clientId];
    },
  };
  return lookup;
}

/** Claims of a client-credentials access token, as API Gateway passes them. */
function machineClaims(clientId: string, scope: string): Record<string, string> {
  return { sub: clientId, client_id: clientId, token_use: 'access', scope, iss: 'https://issuer.test' };
}

function aMachineEvent(route: string, clientId: string, scopes: readonly Scope[]) {
  const [method = 'GET', path = '/'] = route.split(' ');
  return httpEvent({ method, path, route: path, claims: machineClaims(clientId, scopes.join(' ')) });
}

describe('authenticate', () => {
  it('makes a live machine client the submitter of its organisation, with the scopes its token and record share', async () => {
    const event = aMachineEvent('POST /projects', 'client-a', ['tracker/projects.write', 'tracker/read']);
    const lookup = aLookup({ 'client-a': { orgId: 'org-a', scopes: ['tracker/projects.write'] } });

    await authenticate(event, async () => lookup);

    expect(principalOf(event)).toEqual({
      subject: 'client-a',
      roles: ['submitter'],
      orgId: 'org-a',
      machineClient: { clientId: 'client-a', scopes: ['tracker/projects.write'] },
    });
  });

  it('refuses an unknown or revoked client with 401', async () => {
    const event = aMachineEvent('GET /projects', 'client-gone', ['tracker/read']);

    await expect(authenticate(event, async () => aLookup())).rejects.toThrow(UnauthenticatedError);
  });

  it('refuses a client whose token lacks the route’s scope, naming the scope', async () => {
    const event = aMachineEvent('POST /projects', 'client-a', ['tracker/read']);
    const lookup = aLookup({ 'client-a': { orgId: 'org-a', scopes: ['tracker/read'] } });

    await expect(authenticate(event, async () => lookup)).rejects.toThrow(
      new ForbiddenError('This route needs the scope tracker/projects.write'),
    );
  });

  it('refuses a scope the token carries but the client no longer holds', async () => {
    const event = aMachineEvent('POST /projects', 'client-a', ['tracker/projects.write']);
    const lookup = aLookup({ 'client-a': { orgId: 'org-a', scopes: ['tracker/read'] } });

    await expect(authenticate(event, async () => lookup)).rejects.toThrow(ForbiddenError);
  });

  it('closes routes that name no scope to machine clients', async () => {
    const event = aMachineEvent('POST /projects/{id}/review', 'client-a', ['tracker/projects.write']);
    const lookup = aLookup({ 'client-a': { orgId: 'org-a', scopes: ['tracker/projects.write'] } });

    await expect(authenticate(event, async () => lookup)).rejects.toThrow(
      new ForbiddenError('Machine clients may not call this route'),
    );
  });

  it('leaves people’s ID tokens alone without looking anything up', async () => {
    const event = httpEvent({
      method: 'POST',
      path: '/projects',
      claims: { sub: 'user-1', token_use: 'id', 'cognito:groups': '[submitter]', 'custom:orgId': 'org-a' },
    });
    let opened = false;

    await authenticate(event, async () => {
      opened = true;
      return aLookup();
    });

    expect(opened).toBe(false);
    expect(principalOf(event)).toEqual({ subject: 'user-1', roles: ['submitter'], orgId: 'org-a' });
  });

  it('does not take a person’s access token (sub is the person, not the client) for a machine', async () => {
    const event = httpEvent({
      method: 'GET',
      path: '/projects',
      claims: { sub: 'user-1', client_id: 'web-client', token_use: 'access', 'cognito:groups': '[viewer]' },
    });

    await authenticate(event, async () => aLookup());

    expect(principalOf(event).roles).toEqual(['viewer']);
  });
});

describe('principalOf', () => {
  it('refuses a machine token that was never resolved, rather than reading it as a role-less person', () => {
    const event = aMachineEvent('GET /projects', 'client-a', ['tracker/read']);

    expect(() => principalOf(event)).toThrow(UnauthenticatedError);
  });
});

describe('httpHandler with machine clients', () => {
  const lookup: MachineClientLookup = {
    grantOf: async (clientId) =>
      clientId === 'client-a' ? { orgId: 'org-a', scopes: ['tracker/read'] } : undefined,
  };
  const handler = httpHandler(
    {
      'GET /projects': async ({ event }) => json(200, principalOf(event)),
      'POST /projects': async ({ event }) => json(201, principalOf(event)),
    },
    { machineClients: lookup },
  );

  it('runs the route with the client’s principal when it holds the scope', async () => {
    const result = readResult(
      await handler(aMachineEvent('GET /projects', 'client-a', ['tracker/read']), lambdaContext()),
    );

    expect(result.statusCode).toBe(200);
    expect(result.json.orgId).toBe('org-a');
  });

  it('answers a problem document naming the missing scope', async () => {
    const result = readResult(
      await handler(aMachineEvent('POST /projects', 'client-a', ['tracker/read']), lambdaContext()),
    );

    expect(result.statusCode).toBe(403);
    expect(result.headers['content-type']).toContain('application/problem+json');
    expect(result.json.detail).toBe('This route needs the scope tracker/projects.write');
  });

  it('answers 401 to a revoked client', async () => {
    const result = readResult(
      await handler(aMachineEvent('GET /projects', 'client-revoked', ['tracker/read']), lambdaContext()),
    );

    expect(result.statusCode).toBe(401);
  });
});
