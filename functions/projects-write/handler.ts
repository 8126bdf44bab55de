/** Project writes: create, merge-patch, status and review (the bulk import is `projects-import`). */

import { ulid } from 'ulid';
import { now } from '../../shared/adapters/clock.ts';
import { documentClient } from '../../shared/adapters/dynamodb/document-client.ts';
import { DynamoOrganisationRepository } from '../../shared/adapters/dynamodb/organisations-table.ts';
import { DynamoProjectRepository } from '../../shared/adapters/dynamodb/projects-table.ts';
import { DynamoReferenceRepository } from '../../shared/adapters/dynamodb/reference-table.ts';
import { tableName } from '../../shared/config/env.ts';
import type { Principal } from '../../shared/domain/policy.ts';
import type { Project } from '../../shared/domain/projects/schema.ts';
import { ProjectService } from '../../shared/domain/projects/service.ts';
import { httpHandler, type RouteHandler } from '../../shared/http/handler.ts';
import { idempotent } from '../../shared/http/idempotency.ts';
import { machineClientsFromEnvironment } from '../../shared/http/machine-clients.ts';
import { versionedResponse, versionFromIfMatch } from '../../shared/http/preconditions.ts';
import { principalOf } from '../../shared/http/principal.ts';

const service = new ProjectService({
  projects: new DynamoProjectRepository(documentClient, tableName('projects')),
  fx: new DynamoReferenceRepository(documentClient, tableName('reference')),
  organisations: new DynamoOrganisationRepository(documentClient, tableName('organisations')),
  now,
  newId: () => ulid(),
});

const json = ['application/json'];
const patchTypes = ['application/merge-patch+json', 'application/json'];

/** A change to one project at the version its `If-Match` names, answered with the new version. */
function versionedChange(
  change: (principal: Principal, id: string, body: unknown, ifMatchVersion: number) => Promise<Project>,
): RouteHandler {
  return async ({ event, body }) =>
    versionedResponse(
      200,
      await change(principalOf(event), event.pathParameters?.id ?? '', body, versionFromIfMatch(event)),
    );
}

export const handler = httpHandler(
  {
    'POST /projects': {
      bodyTypes: json,
      handler: idempotent(async ({ event, body }) => {
        const project = await service.create(principalOf(event), body);
        return versionedResponse(201, project, { location: `/projects/${project.id}` });
      }),
    },
    'PATCH /projects/{id}': { bodyTypes: patchTypes, handler: versionedChange(service.patch.bind(service)) },
    'POST /projects/{id}/status': {
      bodyTypes: json,
      handler: versionedChange(service.changeStatus.bind(service)),
    },
    'POST /projects/{id}/review': { bodyTypes: json, handler: versionedChange(service.review.bind(service)) },
  },
  { machineClients: machineClientsFromEnvironment },
);
