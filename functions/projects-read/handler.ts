/** Project and report reads for every role, within the visibility rules: no writes. */
import { now } from '../../shared/adapters/clock.ts';
import { documentClient } from '../../shared/adapters/dynamodb/document-client.ts';
import { DynamoMetricsRepository } from '../../shared/adapters/dynamodb/metrics-table.ts';
import { DynamoProjectReads } from '../../shared/adapters/dynamodb/projects-table.ts';
import { DynamoReviewQueue } from '../../shared/adapters/dynamodb/review-queue.ts';
import { tableName } from '../../shared/config/env.ts';
import { MetricsReader } from '../../shared/domain/metrics/service.ts';
import { maxPageLimit } from '../../shared/domain/pagination.ts';
import { assertAuthorized } from '../../shared/domain/policy.ts';
import { ProjectReader } from '../../shared/domain/projects/reads.ts';
import { ReviewQueueReader } from '../../shared/domain/review-queue/service.ts';
import { wantsCsv } from '../../shared/http/csv.ts';
import { httpHandler } from '../../shared/http/handler.ts';
import { machineClientsFromEnvironment } from '../../shared/http/machine-clients.ts';
import { metricsGetQuerySchema, metricsListQuerySchema } from '../../shared/http/metrics.ts';
import { versionedResponse } from '../../shared/http/preconditions.ts';
import { principalOf } from '../../shared/http/principal.ts';
import { projectListQuerySchema, projectsCsvResponse } from '../../shared/http/projects.ts';
import { pageOnlyQuerySchema, parseQuery } from '../../shared/http/query.ts';
import { json } from '../../shared/http/response.ts';
import { reviewQueueQuerySchema } from '../../shared/http/review-queue.ts';
import { metricsImportTemplate } from './metrics-template.ts';
import { importTemplate } from './template.ts';

const projects = new DynamoProjectReads(documentClient, tableName('projects'));
const reader = new ProjectReader(projects);

const metrics = new MetricsReader({
  projects,
  metrics: new DynamoMetricsRepository(documentClient, tableName('metrics')),
});
const reviewQueue = new ReviewQueueReader({
  queue: new DynamoReviewQueue(documentClient, {
    projects: tableName('projects'),
    metrics: tableName('metrics'),
  }),
  now,
});

export const handler = httpHandler(
  {
    'GET /review-queue': async ({ event }) => {
      const { limit, cursor, ...filters } = parseQuery(reviewQueueQuerySchema, event);
      return json(200, await reviewQueue.list(principalOf(event), { filters, limit, cursor }));
    },
    'GET /projects': async ({ event }) => {
      const { format, limit, cursor, ...filters } = parseQuery(projectListQuerySchema, event);
      const csv = wantsCsv(format, event);
      // A spreadsheet wants the largest page the listing gives, unless the caller chose a size.
      const pageLimit = csv && !event.queryStringParameters?.limit ? maxPageLimit : limit;
      const page = await reader.list(principalOf(event), {
        filters,
        limit: pageLimit,
        ...(cursor ? { cursor } : {}),
      });
      return csv ? projectsCsvResponse(page, event) : json(200, page, { vary: 'accept' });
    },
    'GET /projects/import/template': async ({ event }) => {
      assertAuthorized(principalOf(event), 'project:import_template');
      return importTemplate();
    },
    'GET /metrics/import/template': metricsImportTemplate,
    'GET /projects/{id}': async ({ event }) =>
      versionedResponse(200, await reader.get(principalOf(event), event.pathParameters?.id ?? '')),
    'GET /projects/{id}/metrics': async ({ event }) => {
      const { limit, cursor, from, to } = parseQuery(metricsListQuerySchema, event);
      const page = await metrics.list(principalOf(event), event.pathParameters?.id ?? '', {
        limit,
        cursor,
        from,
        to,
      });
      return json(200, page);
    },
    'GET /projects/{id}/metrics/{period}': async ({ event }) => {
      const { revision } = parseQuery(metricsGetQuerySchema, event);
      const { id = '', period = '' } = event.pathParameters ?? {};
      return versionedResponse(200, await metrics.get(principalOf(event), id, period, revision));
    },
    'GET /projects/{id}/history': async ({ event }) => {
      const { limit, cursor } = parseQuery(pageOnlyQuerySchema, event);
      const page = await reader.history(principalOf(event), event.pathParameters?.id ?? '', limit, cursor);
      return json(200, page);
    },
  },
  { machineClients: machineClientsFromEnvironment },
);
