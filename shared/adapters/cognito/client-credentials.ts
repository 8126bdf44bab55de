/**
 * Machine clients in AWS: one Cognito app client per machine client, allowed only the
 * client-credentials grant and the tracker scopes it was given (docs/machine-clients.md). Cognito's
 * API is awsJson 1.1, signed by `AwsService` rather than sent by
 * `@aws-sdk/client-cognito-identity-provider` (`docs/aws-calls.md`).
 */
import type { ClientCredentialsIssuer, IssuedCredentials } from '../../domain/organisations/ports.ts';
import type { Scope } from '../../domain/scopes.ts';
import { jsonBody, jsonRpcRequest } from '../aws/json-requests.ts';
import { AwsService, AwsServiceError } from '../aws/signed-request.ts';

/** Access tokens of machine clients live at most this long (also the longest a revoked client's token could be replayed if the per-request lookup were skipped). */
export const machineAccessTokenMinutes = 15;

/** Cognito's app client names: at most 128 of `[\w\s+=,.@-]`. */
function appClientName(name: string): string {
  return name.replace(/[^\w\s+=,.@-]/g, '-').slice(0, 128);
}

/** Creates and deletes the app clients of machine clients in one user pool. */
export class CognitoClientCredentialsIssuer implements ClientCredentialsIssuer {
  constructor(
    private readonly cognito: AwsService,
    private readonly userPoolId: string,
    readonly tokenUrl: string,
  ) {}

  /** @throws AwsServiceError when Cognito refuses (throttled after retries, over a quota…) */
  async register(name: string, scopes: readonly Scope[]): Promise<IssuedCredentials> {
    const response = await this.cognito.send(
      // Members in the order of the SDK's `CreateUserPoolClientRequest` schema.
      jsonRpcRequest('1.1', 'AWSCognitoIdentityProviderService.CreateUserPoolClient', {
        UserPoolId: this.userPoolId,
        ClientName: appClientName(name),
        GenerateSecret: true,
        AccessTokenValidity: machineAccessTokenMinutes,
        TokenValidityUnits: { AccessToken: 'minutes' },
        // No user sign-in of any kind through this client: only the token endpoint's grant.
        ExplicitAuthFlows: ['ALLOW_REFRESH_TOKEN_AUTH'],
        AllowedOAuthFlows: ['client_credentials'],
        AllowedOAuthScopes: [...scopes],
        AllowedOAuthFlowsUserPoolClient: true,
        PreventUserExistenceErrors: 'ENABLED',
        EnableTokenRevocation: true,
      }),
    );
    const created = jsonBody<{ UserPoolClient: { ClientId?: string; ClientSecret?: string } }>(
      response,
    ).UserPoolClient;
    if (!created?.ClientId || !created.ClientSecret) {
      throw new Error('Cognito created an app client without an id or secret');
    }
    return { clientId: created.ClientId, clientSecret: created.ClientSecret };
  }

  /** Deletes the app client; one that is already gone counts as deleted. */
  async deregister(clientId: string): Promise<void> {
    try {
      await this.cognito.send(
        jsonRpcRequest('1.1', 'AWSCognitoIdentityProviderService.DeleteUserPoolClient', {
          UserPoolId: this.userPoolId,
          ClientId: clientId,
        }),
      );
    } catch (error) {
      if (!(error instanceof AwsServiceError && error.code === 'ResourceNotFoundException')) throw error;
    }
  }
}

/** Cognito user pools for this environment (signing name and endpoint prefix `cognito-idp`). */
export function cognitoClientFromEnvironment(): AwsService {
  return new AwsService({ service: 'cognito-idp', maxAttempts: 3 });
}
