/**
 * Bulk monthly reports: `POST /metrics/import` (a CSV of the template's columns, or a JSON array of
 * rows) and `GET /metrics/import/template`. A function of its own, apart from single submissions,
 * so that the larger body limit, the longer timeout and the CSV and idempotency code stay out of
 * the single PUT's cold start.
 */
import { now } from '../../shared/adapters/clock.ts';
import { documentClient } from '../../shared/adapters/dynamodb/document-client.ts';
import { DynamoDocumentRepository } from '../../shared/adapters/dynamodb/documents.ts';
import { DynamoMetricsRepository } from '../../shared/adapters/dynamodb/metrics-table.ts';
import { DynamoProjectReads } from '../../shared/adapters/dynamodb/projects-table.ts';
import { DynamoReferenceRepository } from '../../shared/adapters/dynamodb/reference-table.ts';
import { tableName } from '../../shared/config/env.ts';
import { MetricsService } from '../../shared/domain/metrics/service.ts';
import { httpHandler } from '../../shared/http/handler.ts';
import { idempotent } from '../../shared/http/idempotency.ts';
import { machineClientsFromEnvironment } from '../../shared/http/machine-clients.ts';
import { metricsImportBodyTypes, metricsImportRoute } from './import.ts';

const projects = new DynamoProjectReads(documentClient, tableName('projects'));
const metrics = new DynamoMetricsRepository(documentClient, tableName('metrics'));
const reference = new DynamoReferenceRepository(documentClient, tableName('reference'));
const documents = new DynamoDocumentRepository(documentClient, tableName('projects'));
const service = new MetricsService({
  projects,
  metrics,
  reference,
  documents,
  now,
});

export const handler = httpHandler(
  {
    'POST /metrics/import': {
      bodyTypes: metricsImportBodyTypes,
      handler: idempotent(metricsImportRoute({ service, projects, metrics, reference })),
    },
  },
  { machineClients: machineClientsFromEnvironment },
);
