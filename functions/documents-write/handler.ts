/**
 * Registers evidence documents and hands out their upload forms. It may sign uploads under
 * `documents/` only (`s3:PutObject` on that prefix) and never reads an object.
 */

import { ulid } from 'ulid';
import { now } from '../../shared/adapters/clock.ts';
import { documentClient } from '../../shared/adapters/dynamodb/document-client.ts';
import { DynamoDocumentRepository } from '../../shared/adapters/dynamodb/documents.ts';
import { DynamoProjectReads } from '../../shared/adapters/dynamodb/projects-table.ts';
import { evidenceDownloads, evidenceUploads } from '../../shared/adapters/s3/evidence-store.ts';
import { tableName } from '../../shared/config/env.ts';
import { DocumentService } from '../../shared/domain/documents/service.ts';
import { registrationResponse } from '../../shared/http/documents.ts';
import { httpHandler } from '../../shared/http/handler.ts';
import { machineClientsFromEnvironment } from '../../shared/http/machine-clients.ts';
import { principalOf } from '../../shared/http/principal.ts';

const uploads = evidenceUploads();
const downloads = evidenceDownloads();

const service = new DocumentService({
  projects: new DynamoProjectReads(documentClient, tableName('projects')),
  documents: new DynamoDocumentRepository(documentClient, tableName('projects')),
  objects: {
    signUpload: (terms) => uploads.signUpload(terms),
    signDownload: (key, options) => downloads.signDownload(key, options),
  },
  now,
  newId: () => ulid(),
});

export const handler = httpHandler(
  {
    'POST /projects/{id}/documents': {
      bodyTypes: ['application/json'],
      handler: async ({ event, body }) =>
        registrationResponse(
          await service.register(principalOf(event), event.pathParameters?.id ?? '', body),
        ),
    },
  },
  { machineClients: machineClientsFromEnvironment },
);
