/** Monthly reports: submission, restatement and verification. */
import { now } from '../../shared/adapters/clock.ts';
import { documentClient } from '../../shared/adapters/dynamodb/document-client.ts';
import { DynamoDocumentRepository } from '../../shared/adapters/dynamodb/documents.ts';
import { DynamoMetricsRepository } from '../../shared/adapters/dynamodb/metrics-table.ts';
import { DynamoProjectReads } from '../../shared/adapters/dynamodb/projects-table.ts';
import { DynamoReferenceRepository } from '../../shared/adapters/dynamodb/reference-table.ts';
import { tableName } from '../../shared/config/env.ts';
import { MetricsService } from '../../shared/domain/metrics/service.ts';
import { httpHandler } from '../../shared/http/handler.ts';
import { machineClientsFromEnvironment } from '../../shared/http/machine-clients.ts';
import {
  optionalVersionFromIfMatch,
  versionedResponse,
  versionFromIfMatch,
} from '../../shared/http/preconditions.ts';
import { principalOf } from '../../shared/http/principal.ts';

const service = new MetricsService({
  projects: new DynamoProjectReads(documentClient, tableName('projects')),
  metrics: new DynamoMetricsRepository(documentClient, tableName('metrics')),
  reference: new DynamoReferenceRepository(documentClient, tableName('reference')),
  documents: new DynamoDocumentRepository(documentClient, tableName('projects')),
  now,
});

const json = ['application/json'];

export const handler = httpHandler(
  {
    'PUT /projects/{id}/metrics/{period}': {
      bodyTypes: json,
      handler: async ({ event, body }) => {
        const { id = '', period = '' } = event.pathParameters ?? {};
        const { report, outcome } = await service.put(
          principalOf(event),
          id,
          period,
          body,
          optionalVersionFromIfMatch(event),
        );
        return outcome === 'created'
          ? versionedResponse(201, report, { location: `/projects/${id}/metrics/${period}` })
          : versionedResponse(200, report);
      },
    },
    'POST /projects/{id}/metrics/{period}/verification': {
      bodyTypes: json,
      handler: async ({ event, body }) => {
        const { id = '', period = '' } = event.pathParameters ?? {};
        return versionedResponse(
          200,
          await service.verify(principalOf(event), id, period, body, versionFromIfMatch(event)),
        );
      },
    },
  },
  { machineClients: machineClientsFromEnvironment },
);
