/**
 * Registers organisations straight in the integration database: projects need a registered
 * organisation, and handler tests create them for fresh organisation ids.
 */
import { documentClient } from '../../shared/adapters/dynamodb/document-client.ts';
import { DynamoOrganisationRepository } from '../../shared/adapters/dynamodb/organisations-table.ts';
import { tableName } from '../../shared/config/env.ts';
import { VersionConflictError } from '../../shared/domain/errors.ts';

const registered = new Map<string, Promise<void>>();

/** Registers the organisation unless it already is (once per test file). */
export function registerOrganisation(orgId: string): Promise<void> {
  let done = registered.get(orgId);
  if (!done) {
    const repository = new DynamoOrganisationRepository(documentClient, tableName('organisations'));
    const at = new Date().toISOString();
    done = repository
      .put(
        {
          orgId,
          name: `${orgId} (test)`,
          country: 'JP',
          contacts: [],
          language: 'en',
          createdAt: at,
          updatedAt: at,
          version: 1,
        },
        undefined,
      )
      .catch((error: unknown) => {
        if (!(error instanceof VersionConflictError)) throw error;
      });
    registered.set(orgId, done);
  }
  return done;
}

/** Registers the organisation the claims name, if any. */
export async function registerOrganisationOf(claims: Readonly<Record<string, string>>): Promise<void> {
  const orgId = claims['custom:orgId'];
  if (orgId) await registerOrganisation(orgId);
}
