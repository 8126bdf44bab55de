/**
 * The authentication middleware: resolves a machine client's token to its organisation and checks
 * the route's scope before any route handler runs (`shared/http/principal.ts`); people's tokens
 * pass straight through.
 */
import { createDocumentClient } from '../../adapters/dynamodb/client.ts';
import { DynamoOrganisationRepository } from '../../adapters/dynamodb/organisations-table.ts';
import { tableName } from '../../config/env.ts';
import { authenticate, type MachineClientLookup } from '../principal.ts';
import type { HttpMiddleware } from './types.ts';

/**
 * The organisations table, opened on the first machine-client request only, so that functions that
 * never see one (the public ones) need no table name in their environment, and importing the HTTP
 * stack creates no client (tooling imports it before the environment is set: the local runtime,
 * the OpenAPI build). Imported statically: a dynamic `import()` inside one bundle makes esbuild keep
 * every export of the modules it reaches (the whole DynamoDB client with all its commands), which
 * costs every function's cold start.
 */
function machineClientsFromEnvironment(): MachineClientLookup {
  return new DynamoOrganisationRepository(createDocumentClient(), tableName('organisations'));
}

/**
 * Authenticates each request before its handler; machine clients are looked up in `machineClients`
 * (default: the organisations table, opened on first use).
 */
export function authentication(machineClients?: MachineClientLookup): HttpMiddleware {
  let lookup = machineClients;
  return {
    before: async (request) => {
      await authenticate(request.event, async () => {
        lookup ??= machineClientsFromEnvironment();
        return lookup;
      });
    },
  };
}
