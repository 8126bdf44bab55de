import middy from '@middy/core';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { describe, expect, it, vi } from 'vitest';
import { UnauthenticatedError } from '../../../../shared/domain/errors.ts';
import { authentication } from '../../../../shared/http/middleware/authentication.ts';
import type { HttpContext } from '../../../../shared/http/middleware/types.ts';
import {
  type MachineClientGrant,
  type MachineClientLookup,
  principalOf,
} from '../../../../shared/http/principal.ts';
import type { HttpResponse } from '../../../../shared/http/response.ts';
import { httpEvent, lambdaContext } from '../../../support/events.ts';

/** The middleware alone, around a handler that counts the requests it was let through. */
function withMiddleware(lookup: MachineClientLookup) {
  const reached = vi.fn(async (): Promise<HttpResponse> => ({ statusCode: 204 }));
  const handler = middy<APIGatewayProxyEventV2, HttpResponse, Error, HttpContext>()
    .use(authentication(lookup))
    .handler(reached);
  return { handler, reached };
}

/** A lookup that fails the test if it is ever asked. */
const untouched: MachineClientLookup = {
  grantOf: async () => {
    throw new Error('no machine client lookup expected');
  },
};

/** An event with a machine client's access token, as the authorizer passes it on. */
function machineEvent(clientId: string, scope: string) {
  return httpEvent({
    method: 'GET',
    path: '/projects',
    route: '/projects',
    claims: { sub: clientId, client_id: clientId, token_use: 'access', scope, iss: 'https://issuer.test' },
  });
}

describe('authentication middleware', () => {
  it("lets a person's request through without looking up any machine client", async () => {
    const { handler, reached } = withMiddleware(untouched);
    const event = httpEvent({
      method: 'GET',
      path: '/projects',
      claims: { sub: 'user-viewer', 'cognito:groups': '[viewer]' },
    });
    await handler(event, lambdaContext());
    expect(reached).toHaveBeenCalledOnce();
  });

  it('lets a public request through without a lookup', async () => {
    const { handler, reached } = withMiddleware(untouched);
    await handler(httpEvent({ method: 'GET', path: '/health' }), lambdaContext());
    expect(reached).toHaveBeenCalledOnce();
  });

  it('resolves a live machine client to the submitter of its organisation, for the handler to read', async () => {
    const lookup: MachineClientLookup = {
      grantOf: async (clientId) =>
        clientId === 'client-a' ? { orgId: 'org-a', scopes: ['tracker/read'] } : undefined,
    };
    const handler = middy<APIGatewayProxyEventV2, HttpResponse, Error, HttpContext>()
      .use(authentication(lookup))
      .handler(async (event) => ({ statusCode: 200, body: JSON.stringify(principalOf(event)) }));
    const response = (await handler(
      machineEvent('client-a', 'tracker/read'),
      lambdaContext(),
    )) as HttpResponse;
    expect(JSON.parse(String(response.body))).toMatchObject({ subject: 'client-a', orgId: 'org-a' });
  });

  it('stops an unknown machine client before the handler, and asks the lookup only once per request', async () => {
    const grantOf = vi.fn(async () => undefined);
    const { handler, reached } = withMiddleware({ grantOf });
    await expect(handler(machineEvent('client-x', 'tracker/read'), lambdaContext())).rejects.toThrow(
      UnauthenticatedError,
    );
    expect(grantOf).toHaveBeenCalledOnce();
    expect(reached).not.toHaveBeenCalled();
  });

  it('opens a lookup given as a function on the first machine-client request only, and keeps it', async () => {
    const grantOf = vi.fn(
      async (): Promise<MachineClientGrant> => ({ orgId: 'org-a', scopes: ['tracker/read'] }),
    );
    const open = vi.fn((): MachineClientLookup => ({ grantOf }));
    const handler = middy<APIGatewayProxyEventV2, HttpResponse, Error, HttpContext>()
      .use(authentication(open))
      .handler(async () => ({ statusCode: 204 }));
    await handler(httpEvent({ method: 'GET', path: '/health' }), lambdaContext());
    expect(open).not.toHaveBeenCalled();
    await handler(machineEvent('client-a', 'tracker/read'), lambdaContext());
    await handler(machineEvent('client-a', 'tracker/read'), lambdaContext());
    expect(open).toHaveBeenCalledOnce();
    expect(grantOf).toHaveBeenCalledTimes(2);
  });

  it('without a lookup, treats every machine client as unknown (401)', async () => {
    const reached = vi.fn(async (): Promise<HttpResponse> => ({ statusCode: 204 }));
    const handler = middy<APIGatewayProxyEventV2, HttpResponse, Error, HttpContext>()
      .use(authentication())
      .handler(reached);
    await expect(handler(machineEvent('client-a', 'tracker/read'), lambdaContext())).rejects.toThrow(
      UnauthenticatedError,
    );
    expect(reached).not.toHaveBeenCalled();
  });
});
