/**
 * `POST /projects/import`: many projects in one request, each created as `POST /projects` would
 * (`docs/api.md`). Apart from the other project writes because it alone parses CSV.
 */
import { ulid } from 'ulid';
import { now } from '../../shared/adapters/clock.ts';
import { documentClient } from '../../shared/adapters/dynamodb/document-client.ts';
import { DynamoOrganisationRepository } from '../../shared/adapters/dynamodb/organisations-table.ts';
import { DynamoProjectRepository } from '../../shared/adapters/dynamodb/projects-table.ts';
import { DynamoReferenceRepository } from '../../shared/adapters/dynamodb/reference-table.ts';
import { tableName } from '../../shared/config/env.ts';
import { ProjectService } from '../../shared/domain/projects/service.ts';
import { httpHandler } from '../../shared/http/handler.ts';
import { machineClientsFromEnvironment } from '../../shared/http/machine-clients.ts';
import { importBodyTypes, importRoute } from './import.ts';

const service = new ProjectService({
  projects: new DynamoProjectRepository(documentClient, tableName('projects')),
  fx: new DynamoReferenceRepository(documentClient, tableName('reference')),
  organisations: new DynamoOrganisationRepository(documentClient, tableName('organisations')),
  now,
  newId: () => ulid(),
});

export const handler = httpHandler(
  { 'POST /projects/import': { bodyTypes: importBodyTypes, handler: importRoute(service) } },
  { machineClients: machineClientsFromEnvironment },
);
