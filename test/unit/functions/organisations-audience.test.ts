/**
 * The organisations function as deployed (DynamoDB behind `aws-sdk-client-mock`, Cognito and API
 * Gateway answered at the HTTP handler by `FakeAwsHttp`): creating and revoking machine clients keeps the JWT authorizer's audience
 * in step, and its failures are answered as problem documents (docs/machine-clients.md).
 */
import { GetCommand, ScanCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { LambdaHandler } from '../../../infra/local/gateway.ts';
import { documentClient } from '../../../shared/adapters/dynamodb/document-client.ts';
import { authorizerEnvironment } from '../../../shared/config/env.ts';
import { type CannedResponse, FakeAwsHttp, jsonOf, targetOf } from '../../support/aws-http.ts';
import { httpEvent, lambdaContext, readResult } from '../../support/events.ts';

const dynamo = mockClient(documentClient);
const aws = new FakeAwsHttp();
/** What API Gateway answers `UpdateAuthorizer` with. */
let authorizerAnswer: CannedResponse;
const cognitoCalls = (operation: string) =>
  aws.requests
    .filter((request) => request.hostname.startsWith('cognito-idp.') && targetOf(request) === operation)
    .map(jsonOf);
const authorizerUpdates = () =>
  aws.requests.filter((request) => request.hostname.startsWith('apigateway.')).map(jsonOf);
const issuerUrl = 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_pool';
let handler: LambdaHandler;

beforeAll(async () => {
  // Read once, when the handler module loads: as the function sees them in AWS.
  const environment = {
    AWS_REGION: 'eu-west-1',
    USER_POOL_ID: 'eu-west-1_pool',
    TOKEN_URL: 'https://jucip-test.auth.eu-west-1.amazoncognito.com/oauth2/token',
    [authorizerEnvironment.apiId]: 'api1',
    [authorizerEnvironment.authorizerId]: 'auth1',
    [authorizerEnvironment.issuerUrl]: issuerUrl,
    [authorizerEnvironment.webClientId]: 'web-client',
  };
  for (const [name, value] of Object.entries(environment)) vi.stubEnv(name, value);
  aws.install();
  ({ handler } = await import('../../../functions/organisations/handler.ts'));
});

afterAll(() => {
  aws.restore();
  vi.unstubAllEnvs();
});

const admin = { sub: 'admin-1', 'cognito:groups': '[admin]' };
const organisation = {
  pk: 'ORG#org-a',
  sk: 'ORG',
  orgId: 'org-a',
  name: 'Org A',
  country: 'JP',
  contacts: [],
  language: 'en',
  createdAt: '2026-12-03T07:00:00.000Z',
  updatedAt: '2026-12-03T07:00:00.000Z',
  version: 1,
};
const lookupItems = (ids: readonly string[]) => ids.map((id) => ({ pk: `CLIENT#${id}` }));

async function create() {
  return readResult(
    await handler(
      httpEvent({
        method: 'POST',
        path: '/organisations/org-a/clients',
        route: '/organisations/{orgId}/clients',
        pathParameters: { orgId: 'org-a' },
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'ERP', scopes: ['tracker/read'] }),
        claims: admin,
      }),
      lambdaContext(),
    ),
  );
}

beforeEach(() => {
  dynamo.reset();
  aws.reset();
  dynamo.on(GetCommand, { Key: { pk: 'ORG#org-a', sk: 'ORG' } }).resolves({ Item: organisation });
  dynamo.on(TransactWriteCommand).resolves({});
  authorizerAnswer = { statusCode: 200, body: { authorizerId: 'auth1' } };
  aws.answer((request) => {
    if (request.hostname.startsWith('apigateway.')) return authorizerAnswer;
    if (targetOf(request) === 'CreateUserPoolClient') {
      return {
        statusCode: 200,
        body: { UserPoolClient: { ClientId: 'new-client', ClientSecret: 's3cret' } },
      };
    }
    return { statusCode: 200, body: {} };
  });
});

describe('POST /organisations/{orgId}/clients in AWS', () => {
  it('admits the new client to the authorizer: the web client plus every live client', async () => {
    dynamo
      .on(ScanCommand)
      .resolvesOnce({ Items: lookupItems([]) })
      .resolves({ Items: lookupItems(['older', 'new-client']) });

    const result = await create();

    expect(result.statusCode).toBe(201);
    expect(aws.requests.filter((r) => r.hostname === 'apigateway.eu-west-1.amazonaws.com')[0]?.path).toBe(
      '/v2/apis/api1/authorizers/auth1',
    );
    expect(authorizerUpdates()).toEqual([
      { jwtConfiguration: { audience: ['web-client', 'new-client', 'older'], issuer: issuerUrl } },
    ]);
  });

  it('answers 503 with Retry-After when the authorizer cannot be updated, having deleted the client again', async () => {
    dynamo
      .on(ScanCommand)
      .resolvesOnce({ Items: [] })
      .resolves({ Items: lookupItems(['new-client']) });
    authorizerAnswer = {
      statusCode: 503,
      headers: { 'x-amzn-errortype': 'ServiceUnavailableException' },
      body: { message: 'Service unavailable' },
    };

    const result = await create();

    expect(result.statusCode).toBe(503);
    expect(result.headers['retry-after']).toBe('5');
    expect(result.json).toMatchObject({
      type: '/problems/service-unavailable',
      detail: expect.stringMatching(/none was created/),
    });
    expect(JSON.stringify(result.json)).not.toContain('s3cret');
    // Three rounds of the audience sync, each request tried three times (a 503 is retried).
    expect(authorizerUpdates()).toHaveLength(9);
    // Written, then deleted again, in Cognito and in the table.
    const writes = dynamo.commandCalls(TransactWriteCommand).map((call) => call.args[0].input.TransactItems);
    expect(writes.map((items) => Object.keys(items?.[0] ?? {})[0])).toEqual(['Put', 'Delete']);
    expect(cognitoCalls('DeleteUserPoolClient')).toEqual([
      { UserPoolId: 'eu-west-1_pool', ClientId: 'new-client' },
    ]);
  });

  it('refuses a 50th machine client with a 409 problem, creating nothing', async () => {
    dynamo.on(ScanCommand).resolves({ Items: lookupItems(Array.from({ length: 49 }, (_, i) => `c${i}`)) });

    const result = await create();

    expect(result.statusCode).toBe(409);
    expect(result.json).toMatchObject({
      type: '/problems/conflict',
      detail: expect.stringMatching(/At most 49 machine clients can exist at once/),
    });
    expect(cognitoCalls('CreateUserPoolClient')).toHaveLength(0);
    expect(authorizerUpdates()).toHaveLength(0);
  });
});

describe('DELETE /organisations/{orgId}/clients/{clientId} in AWS', () => {
  it('updates the authorizer after deleting the record, and a retried DELETE re-syncs before its 404', async () => {
    dynamo
      .on(GetCommand, { Key: { pk: 'ORG#org-a', sk: 'CLIENT#gone' } })
      .resolvesOnce({ Item: { orgId: 'org-a', clientId: 'gone', name: 'x', scopes: ['tracker/read'] } })
      .resolves({});
    dynamo.on(ScanCommand).resolves({ Items: lookupItems(['kept']) });
    const revoke = async () =>
      readResult(
        await handler(
          httpEvent({
            method: 'DELETE',
            path: '/organisations/org-a/clients/gone',
            route: '/organisations/{orgId}/clients/{clientId}',
            pathParameters: { orgId: 'org-a', clientId: 'gone' },
            claims: admin,
          }),
          lambdaContext(),
        ),
      );

    const first = await revoke();
    const retried = await revoke();

    expect(first.statusCode).toBe(204);
    expect(retried.statusCode).toBe(404);
    const audiences = authorizerUpdates().map(
      (body) => (body as { jwtConfiguration: { audience: string[] } }).jwtConfiguration.audience,
    );
    expect(audiences).toEqual([
      ['web-client', 'kept'],
      ['web-client', 'kept'],
    ]);
  });
});
