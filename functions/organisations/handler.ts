/** Partner organisations and their machine clients (docs/machine-clients.md). */

import {
  ApiGatewayClientAudience,
  apiGatewayClientFromEnvironment,
} from '../../shared/adapters/apigateway/client-audience.ts';
import { now } from '../../shared/adapters/clock.ts';
import {
  CognitoClientCredentialsIssuer,
  cognitoClientFromEnvironment,
} from '../../shared/adapters/cognito/client-credentials.ts';
import { documentClient } from '../../shared/adapters/dynamodb/document-client.ts';
import { DynamoOrganisationRepository } from '../../shared/adapters/dynamodb/organisations-table.ts';
import { LocalClientRegistry } from '../../shared/adapters/local/client-registry.ts';
import { authorizerEnvironment, requiredEnv, tableName } from '../../shared/config/env.ts';
import type {
  ClientCredentialsIssuer,
  MachineClientAudience,
} from '../../shared/domain/organisations/ports.ts';
import { MachineClientService, OrganisationService } from '../../shared/domain/organisations/service.ts';
import { httpHandler } from '../../shared/http/handler.ts';
import { machineClientsFromEnvironment } from '../../shared/http/machine-clients.ts';
import { optionalVersionFromIfMatch, versionedResponse } from '../../shared/http/preconditions.ts';
import { principalOf } from '../../shared/http/principal.ts';
import { pageOnlyQuerySchema, parseQuery } from '../../shared/http/query.ts';
import { empty, json } from '../../shared/http/response.ts';

const repository = new DynamoOrganisationRepository(documentClient, tableName('organisations'));

/** Cognito in AWS (`USER_POOL_ID`); the local issuer's registry in the local runtime (`LOCAL_CLIENT_REGISTRY`). */
function credentialsIssuer(): ClientCredentialsIssuer {
  const registryFile = process.env.LOCAL_CLIENT_REGISTRY;
  if (registryFile && !process.env.USER_POOL_ID) {
    return new LocalClientRegistry(registryFile, () => requiredEnv('TOKEN_URL'));
  }
  return new CognitoClientCredentialsIssuer(
    cognitoClientFromEnvironment(),
    requiredEnv('USER_POOL_ID'),
    requiredEnv('TOKEN_URL'),
  );
}

/**
 * The API's JWT authorizer in AWS. Locally there is none to update: the local gateway accepts a
 * machine client's token while the registry holds that client, asking it on every request.
 */
function clientAudience(): MachineClientAudience | undefined {
  if (process.env.LOCAL_CLIENT_REGISTRY && !process.env.USER_POOL_ID) return undefined;
  return new ApiGatewayClientAudience(apiGatewayClientFromEnvironment(), {
    apiId: requiredEnv(authorizerEnvironment.apiId),
    authorizerId: requiredEnv(authorizerEnvironment.authorizerId),
    issuerUrl: requiredEnv(authorizerEnvironment.issuerUrl),
    webClientId: requiredEnv(authorizerEnvironment.webClientId),
  });
}

const organisations = new OrganisationService({ organisations: repository, now });
const audience = clientAudience();
const clients = new MachineClientService({
  organisations: repository,
  clients: repository,
  issuer: credentialsIssuer(),
  ...(audience && { audience }),
  now,
});

const bodyTypes = ['application/json'];
/** A created client's answer holds its secret: no cache anywhere may keep it. */
const noStore = { 'cache-control': 'no-store' };

export const handler = httpHandler(
  {
    'GET /organisations': async ({ event }) => {
      const { limit, cursor } = parseQuery(pageOnlyQuerySchema, event);
      return json(200, await organisations.list(principalOf(event), limit, cursor));
    },
    'GET /organisations/{orgId}': async ({ event }) => {
      const organisation = await organisations.get(principalOf(event), event.pathParameters?.orgId ?? '');
      return versionedResponse(200, organisation);
    },
    'PUT /organisations/{orgId}': {
      bodyTypes,
      handler: async ({ event, body }) => {
        const orgId = event.pathParameters?.orgId ?? '';
        const { organisation, outcome } = await organisations.put(
          principalOf(event),
          orgId,
          body,
          optionalVersionFromIfMatch(event),
        );
        return versionedResponse(outcome === 'created' ? 201 : 200, organisation, {
          ...(outcome === 'created' ? { location: `/organisations/${encodeURIComponent(orgId)}` } : {}),
        });
      },
    },
    'POST /organisations/{orgId}/clients': {
      bodyTypes,
      handler: async ({ event, body }) => {
        const orgId = event.pathParameters?.orgId ?? '';
        const created = await clients.create(principalOf(event), orgId, body);
        return json(201, created, {
          ...noStore,
          location: `/organisations/${encodeURIComponent(orgId)}/clients/${encodeURIComponent(created.clientId)}`,
        });
      },
    },
    'GET /organisations/{orgId}/clients': async ({ event }) => {
      const { limit, cursor } = parseQuery(pageOnlyQuerySchema, event);
      return json(
        200,
        await clients.list(principalOf(event), event.pathParameters?.orgId ?? '', limit, cursor),
      );
    },
    'DELETE /organisations/{orgId}/clients/{clientId}': async ({ event }) => {
      const { orgId = '', clientId = '' } = event.pathParameters ?? {};
      await clients.revoke(principalOf(event), orgId, clientId);
      return empty(204);
    },
  },
  { machineClients: machineClientsFromEnvironment },
);
