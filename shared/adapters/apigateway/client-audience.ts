/**
 * The HTTP API's JWT authorizer as the audience of machine clients (docs/machine-clients.md): it
 * lets a token through only when its `aud` (ID tokens) or `client_id` (access tokens) is in its
 * audience list, so that list must name every live machine client besides people's app client.
 * API Gateway v2's `UpdateAuthorizer` is REST-JSON with lower-camel member names on the wire, signed
 * by `AwsService` rather than sent by `@aws-sdk/client-apigatewayv2` (`docs/aws-calls.md`).
 */
import type { MachineClientAudience } from '../../domain/organisations/ports.ts';
import { pathLabel, restJsonRequest } from '../aws/json-requests.ts';
import { AwsService } from '../aws/signed-request.ts';

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
    private readonly apiGateway: AwsService,
    private readonly authorizer: JwtAuthorizerRef,
  ) {}

  /** @throws AwsServiceError when API Gateway refuses the update (throttled after retries, not found…) */
  async admit(clientIds: readonly string[]): Promise<void> {
    const machineClients = [...new Set(clientIds)].filter((id) => id !== this.authorizer.webClientId).sort();
    if (machineClients.length > this.capacity) {
      throw new Error(
        `${machineClients.length} machine clients exceed the authorizer's ${audiencesPerAuthorizer} audiences`,
      );
    }
    const { apiId, authorizerId } = this.authorizer;
    await this.apiGateway.send(
      restJsonRequest('PATCH', `/v2/apis/${pathLabel(apiId)}/authorizers/${pathLabel(authorizerId)}`, {
        jwtConfiguration: {
          audience: [this.authorizer.webClientId, ...machineClients],
          issuer: this.authorizer.issuerUrl,
        },
      }),
    );
  }
}

/** API Gateway's management API for this environment (signing name and endpoint prefix `apigateway`). */
export function apiGatewayClientFromEnvironment(): AwsService {
  return new AwsService({ service: 'apigateway', maxAttempts: 3 });
}
