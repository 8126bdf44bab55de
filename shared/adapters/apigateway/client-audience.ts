/**
 * The HTTP API's JWT authorizer as the audience of machine clients (docs/machine-clients.md): it
 * lets a token through only when its `aud` (ID tokens) or `client_id` (access tokens) is in its
 * audience list, so that list must name every live machine client besides people's app client.
 */
import { type ApiGatewayV2Client, UpdateAuthorizerCommand } from '@aws-sdk/client-apigatewayv2';
import type { MachineClientAudience } from '../../domain/organisations/ports.ts';

/** API Gateway's quota "Audiences per authorizer" for HTTP APIs, which cannot be increased. */
export const audiencesPerAuthorizer = 50;

/** Which authorizer to update, and what stays in it whatever the machine clients are. */
export interface JwtAuthorizerRef {
  readonly apiId: string;
  readonly authorizerId: string;
  /** The token issuer (the user pool's URL), sent again so that the update cannot lose it. */
  readonly issuerUrl: string;
  /** People's app client, always first in the audience. */
  readonly webClientId: string;
}

/** Rewrites the authorizer's audience with `UpdateAuthorizer`; allowed by IAM on that one authorizer. */
export class ApiGatewayClientAudience implements MachineClientAudience {
  /** One entry is people's app client. */
  readonly capacity = audiencesPerAuthorizer - 1;

  constructor(
    private readonly apiGateway: ApiGatewayV2Client,
    private readonly authorizer: JwtAuthorizerRef,
  ) {}

  async admit(clientIds: readonly string[]): Promise<void> {
    const machineClients = [...new Set(clientIds)].filter((id) => id !== this.authorizer.webClientId).sort();
    if (machineClients.length > this.capacity) {
      throw new Error(
        `${machineClients.length} machine clients exceed the authorizer's ${audiencesPerAuthorizer} audiences`,
      );
    }
    await this.apiGateway.send(
      new UpdateAuthorizerCommand({
        ApiId: this.authorizer.apiId,
        AuthorizerId: this.authorizer.authorizerId,
        JwtConfiguration: {
          Audience: [this.authorizer.webClientId, ...machineClients],
          Issuer: this.authorizer.issuerUrl,
        },
      }),
    );
  }
}
