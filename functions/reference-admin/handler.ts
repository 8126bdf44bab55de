/** Admin writes of reference data: emission factors and FX rates, each change a new version. */
import { now } from '../../shared/adapters/clock.ts';
import { documentClient } from '../../shared/adapters/dynamodb/document-client.ts';
import { DynamoReferenceRepository } from '../../shared/adapters/dynamodb/reference-table.ts';
import { tableName } from '../../shared/config/env.ts';
import { ReferenceService } from '../../shared/domain/reference/service.ts';
import { httpHandler } from '../../shared/http/handler.ts';
import { machineClientsFromEnvironment } from '../../shared/http/machine-clients.ts';
import { versionedResponse } from '../../shared/http/preconditions.ts';
import { principalOf } from '../../shared/http/principal.ts';

const service = new ReferenceService({
  repository: new DynamoReferenceRepository(documentClient, tableName('reference')),
  now,
});

const bodyTypes = ['application/json'];

export const handler = httpHandler(
  {
    'PUT /emission-factors/{id}': {
      bodyTypes,
      handler: async ({ event, body }) => {
        const { factor, outcome } = await service.putFactor(
          principalOf(event),
          event.pathParameters?.id ?? '',
          body,
        );
        return versionedResponse(outcome === 'created' ? 201 : 200, factor);
      },
    },
    'PUT /fx-rates/{currency}/{year}': {
      bodyTypes,
      handler: async ({ event, body }) => {
        const { currency = '', year = '' } = event.pathParameters ?? {};
        const { rate, outcome } = await service.putFxRate(principalOf(event), currency, year, body);
        return versionedResponse(outcome === 'created' ? 201 : 200, rate);
      },
    },
  },
  { machineClients: machineClientsFromEnvironment },
);
