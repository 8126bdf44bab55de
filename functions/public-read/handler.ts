/** Public reads: no token, no writes. */
import { documentClient } from '../../shared/adapters/dynamodb/document-client.ts';
import { DynamoReferenceRepository } from '../../shared/adapters/dynamodb/reference-table.ts';
import { tableName } from '../../shared/config/env.ts';
import { ReferenceService } from '../../shared/domain/reference/service.ts';
import { httpHandler } from '../../shared/http/handler.ts';
import { pageOnlyQuerySchema } from '../../shared/http/projects.ts';
import { parseQuery } from '../../shared/http/query.ts';
import { json } from '../../shared/http/response.ts';
import { getHealth } from './health.ts';

const reference = new ReferenceService({
  repository: new DynamoReferenceRepository(documentClient, tableName('reference')),
  now: () => new Date().toISOString(),
});

/** Reference data changes rarely; caches may keep it a few minutes. */
const publicCache = { 'cache-control': 'public, max-age=300' };

export const handler = httpHandler({
  'GET /health': getHealth,
  'GET /emission-factors': async ({ event }) => {
    const { limit, cursor } = parseQuery(pageOnlyQuerySchema, event);
    return json(200, await reference.listFactors(limit, cursor), publicCache);
  },
  'GET /fx-rates': async ({ event }) => {
    const { limit, cursor } = parseQuery(pageOnlyQuerySchema, event);
    return json(200, await reference.listFxRates(limit, cursor), publicCache);
  },
});
