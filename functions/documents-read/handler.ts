/**
 * Reads evidence documents, signing five-minute download links for available ones. It may read
 * objects under `documents/` (to sign GETs) and nothing else in the bucket.
 */

import { now } from '../../shared/adapters/clock.ts';
import { documentClient } from '../../shared/adapters/dynamodb/document-client.ts';
import { DynamoDocumentRepository } from '../../shared/adapters/dynamodb/documents.ts';
import { DynamoProjectReads } from '../../shared/adapters/dynamodb/projects-table.ts';
import { evidenceDownloads } from '../../shared/adapters/s3/evidence-store.ts';
import { tableName } from '../../shared/config/env.ts';
import { DocumentReader } from '../../shared/domain/documents/service.ts';
import { documentPageResponse, documentResponse } from '../../shared/http/documents.ts';
import { httpHandler } from '../../shared/http/handler.ts';
import { machineClientsFromEnvironment } from '../../shared/http/machine-clients.ts';
import { principalOf } from '../../shared/http/principal.ts';
import { pageOnlyQuerySchema, parseQuery } from '../../shared/http/query.ts';

const reader = new DocumentReader({
  projects: new DynamoProjectReads(documentClient, tableName('projects')),
  documents: new DynamoDocumentRepository(documentClient, tableName('projects')),
  objects: evidenceDownloads(),
  now,
});

export const handler = httpHandler(
  {
    'GET /projects/{id}/documents': async ({ event }) => {
      const { limit, cursor } = parseQuery(pageOnlyQuerySchema, event);
      return documentPageResponse(
        await reader.list(principalOf(event), event.pathParameters?.id ?? '', { limit, cursor }),
      );
    },
    'GET /projects/{id}/documents/{docId}': async ({ event }) => {
      const { id = '', docId = '' } = event.pathParameters ?? {};
      return documentResponse(await reader.get(principalOf(event), id, docId));
    },
  },
  { machineClients: machineClientsFromEnvironment },
);
