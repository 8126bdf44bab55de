/** Project reads for every role, within the visibility rules: no writes. */
import { documentClient } from '../../shared/adapters/dynamodb/document-client.ts';
import { DynamoProjectRepository } from '../../shared/adapters/dynamodb/projects-table.ts';
import { tableName } from '../../shared/config/env.ts';
import { ProjectReader } from '../../shared/domain/projects/service.ts';
import { httpHandler } from '../../shared/http/handler.ts';
import { principalOf } from '../../shared/http/principal.ts';
import { pageOnlyQuerySchema, projectListQuerySchema, projectResponse } from '../../shared/http/projects.ts';
import { parseQuery } from '../../shared/http/query.ts';
import { json } from '../../shared/http/response.ts';
import { importTemplate } from './template.ts';

const reader = new ProjectReader(new DynamoProjectRepository(documentClient, tableName('projects')));

export const handler = httpHandler({
  'GET /projects': async ({ event }) => {
    const { limit, cursor, ...filters } = parseQuery(projectListQuerySchema, event);
    const page = await reader.list(principalOf(event), { filters, limit, ...(cursor ? { cursor } : {}) });
    return json(200, page, { 'cache-control': 'private, no-cache' });
  },
  'GET /projects/import/template': async ({ event }) => {
    principalOf(event);
    return importTemplate();
  },
  'GET /projects/{id}': async ({ event }) =>
    projectResponse(200, await reader.get(principalOf(event), event.pathParameters?.id ?? '')),
  'GET /projects/{id}/history': async ({ event }) => {
    const { limit, cursor } = parseQuery(pageOnlyQuerySchema, event);
    const page = await reader.history(principalOf(event), event.pathParameters?.id ?? '', limit, cursor);
    return json(200, page, { 'cache-control': 'private, no-cache' });
  },
});
