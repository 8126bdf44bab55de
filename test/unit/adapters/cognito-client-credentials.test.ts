import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AwsServiceError } from '../../../shared/adapters/aws/signed-request.ts';
import {
  CognitoClientCredentialsIssuer,
  cognitoClientFromEnvironment,
} from '../../../shared/adapters/cognito/client-credentials.ts';
import { FakeAwsHttp, jsonOf, targetOf } from '../../support/aws-http.ts';

const cognito = new FakeAwsHttp();
const tokenUrl = 'https://jucip-test.auth.local/oauth2/token';

function anIssuer() {
  return new CognitoClientCredentialsIssuer(cognitoClientFromEnvironment(), 'pool-1', tokenUrl);
}

const callsOf = (operation: string) =>
  cognito.requests.filter((request) => targetOf(request) === operation).map(jsonOf);
const resourceNotFound = {
  statusCode: 400,
  body: {
    __type: 'com.amazonaws.cognito.identity.idp.model#ResourceNotFoundException',
    message: 'gone',
  },
};

beforeAll(() => cognito.install());
beforeEach(() => cognito.reset());
afterAll(() => cognito.restore());

describe('CognitoClientCredentialsIssuer', () => {
  it('creates a confidential app client with the client-credentials grant only, its scopes and 15-minute tokens', async () => {
    cognito.answer({
      statusCode: 200,
      body: { UserPoolClient: { ClientId: 'abc', ClientSecret: 's3cret' } },
    });

    const credentials = await anIssuer().register('org-a ERP/export #1', [
      'tracker/read',
      'tracker/metrics.write',
    ]);

    expect(credentials).toEqual({ clientId: 'abc', clientSecret: 's3cret' });
    expect(callsOf('CreateUserPoolClient')[0]).toMatchObject({
      UserPoolId: 'pool-1',
      ClientName: 'org-a ERP-export -1',
      GenerateSecret: true,
      AllowedOAuthFlowsUserPoolClient: true,
      AllowedOAuthFlows: ['client_credentials'],
      AllowedOAuthScopes: ['tracker/read', 'tracker/metrics.write'],
      AccessTokenValidity: 15,
      TokenValidityUnits: { AccessToken: 'minutes' },
    });
  });

  it('refuses an answer without a secret rather than handing out a client that cannot authenticate', async () => {
    cognito.answer({ statusCode: 200, body: { UserPoolClient: { ClientId: 'abc' } } });

    await expect(anIssuer().register('x', ['tracker/read'])).rejects.toThrow(/without an id or secret/);
  });

  it('deletes the app client, and treats one that is already gone as deleted', async () => {
    let deletes = 0;
    cognito.answer(() => (deletes++ === 0 ? { statusCode: 200, body: {} } : resourceNotFound));

    await anIssuer().deregister('abc');
    await anIssuer().deregister('abc');

    expect(callsOf('DeleteUserPoolClient')).toEqual([
      { UserPoolId: 'pool-1', ClientId: 'abc' },
      { UserPoolId: 'pool-1', ClientId: 'abc' },
    ]);
  });

  it('passes other failures on', async () => {
    cognito.answer({
      statusCode: 400,
      body: { __type: 'NotAuthorizedException', message: 'AccessDenied' },
    });

    const failure = await anIssuer()
      .deregister('abc')
      .catch((error: unknown) => error);

    expect(failure).toBeInstanceOf(AwsServiceError);
    expect(failure).toMatchObject({ code: 'NotAuthorizedException', message: 'AccessDenied' });
  });
});
