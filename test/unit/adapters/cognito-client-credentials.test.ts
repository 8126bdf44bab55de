import {
  CognitoIdentityProviderClient,
  CreateUserPoolClientCommand,
  DeleteUserPoolClientCommand,
  ResourceNotFoundException,
} from '@aws-sdk/client-cognito-identity-provider';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { CognitoClientCredentialsIssuer } from '../../../shared/adapters/cognito/client-credentials.ts';

const cognito = mockClient(CognitoIdentityProviderClient);
const tokenUrl = 'https://jucip-test.auth.local/oauth2/token';

function anIssuer() {
  return new CognitoClientCredentialsIssuer(new CognitoIdentityProviderClient({}), 'pool-1', tokenUrl);
}

beforeEach(() => cognito.reset());

describe('CognitoClientCredentialsIssuer', () => {
  it('creates a confidential app client with the client-credentials grant only, its scopes and 15-minute tokens', async () => {
    cognito
      .on(CreateUserPoolClientCommand)
      .resolves({ UserPoolClient: { ClientId: 'abc', ClientSecret: 's3cret' } });

    const credentials = await anIssuer().register('org-a ERP/export #1', [
      'tracker/read',
      'tracker/metrics.write',
    ]);

    expect(credentials).toEqual({ clientId: 'abc', clientSecret: 's3cret' });
    const input = cognito.commandCalls(CreateUserPoolClientCommand)[0]?.args[0].input;
    expect(input).toMatchObject({
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
    cognito.on(CreateUserPoolClientCommand).resolves({ UserPoolClient: { ClientId: 'abc' } });

    await expect(anIssuer().register('x', ['tracker/read'])).rejects.toThrow(/without an id or secret/);
  });

  it('deletes the app client, and treats one that is already gone as deleted', async () => {
    cognito
      .on(DeleteUserPoolClientCommand)
      .resolvesOnce({})
      .rejectsOnce(new ResourceNotFoundException({ message: 'gone', $metadata: {} }));

    await anIssuer().deregister('abc');
    await anIssuer().deregister('abc');

    expect(cognito.commandCalls(DeleteUserPoolClientCommand)[0]?.args[0].input).toEqual({
      UserPoolId: 'pool-1',
      ClientId: 'abc',
    });
  });

  it('passes other failures on', async () => {
    cognito.on(DeleteUserPoolClientCommand).rejects(new Error('AccessDenied'));

    await expect(anIssuer().deregister('abc')).rejects.toThrow('AccessDenied');
  });
});
