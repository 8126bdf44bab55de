/**
 * Machine clients in AWS: one Cognito app client per machine client, allowed only the
 * client-credentials grant and the tracker scopes it was given (docs/machine-clients.md).
 */
import {
  type CognitoIdentityProviderClient,
  CreateUserPoolClientCommand,
  DeleteUserPoolClientCommand,
  ResourceNotFoundException,
} from '@aws-sdk/client-cognito-identity-provider';
import type { ClientCredentialsIssuer, IssuedCredentials } from '../../domain/organisations/ports.ts';
import type { Scope } from '../../domain/scopes.ts';

/** Access tokens of machine clients live at most this long (also the longest a revoked client's token could be replayed if the per-request lookup were skipped). */
export const machineAccessTokenMinutes = 15;

/** Cognito's app client names: at most 128 of `[\w\s+=,.@-]`. */
function appClientName(name: string): string {
  return name.replace(/[^\w\s+=,.@-]/g, '-').slice(0, 128);
}

/** Creates and deletes the app clients of machine clients in one user pool. */
export class CognitoClientCredentialsIssuer implements ClientCredentialsIssuer {
  constructor(
    private readonly cognito: CognitoIdentityProviderClient,
    private readonly userPoolId: string,
    readonly tokenUrl: string,
  ) {}

  async register(name: string, scopes: readonly Scope[]): Promise<IssuedCredentials> {
    const { UserPoolClient: created } = await this.cognito.send(
      new CreateUserPoolClientCommand({
        UserPoolId: this.userPoolId,
        ClientName: appClientName(name),
        GenerateSecret: true,
        AllowedOAuthFlowsUserPoolClient: true,
        AllowedOAuthFlows: ['client_credentials'],
        AllowedOAuthScopes: [...scopes],
        // No user sign-in of any kind through this client: only the token endpoint's grant.
        ExplicitAuthFlows: ['ALLOW_REFRESH_TOKEN_AUTH'],
        AccessTokenValidity: machineAccessTokenMinutes,
        TokenValidityUnits: { AccessToken: 'minutes' },
        PreventUserExistenceErrors: 'ENABLED',
        EnableTokenRevocation: true,
      }),
    );
    if (!created?.ClientId || !created.ClientSecret) {
      throw new Error('Cognito created an app client without an id or secret');
    }
    return { clientId: created.ClientId, clientSecret: created.ClientSecret };
  }

  async deregister(clientId: string): Promise<void> {
    try {
      await this.cognito.send(
        new DeleteUserPoolClientCommand({ UserPoolId: this.userPoolId, ClientId: clientId }),
      );
    } catch (error) {
      if (!(error instanceof ResourceNotFoundException)) throw error;
    }
  }
}
