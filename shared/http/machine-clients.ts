/**
 * Where the HTTP functions with protected routes look machine clients up: the organisations table.
 * Kept out of the HTTP stack itself so that functions with public routes only (the web pages, the
 * fallback) bundle no DynamoDB client; `httpHandler` refuses to build a function with a protected
 * route and no lookup.
 */
import { createDocumentClient } from '../adapters/dynamodb/client.ts';
import { DynamoOrganisationRepository } from '../adapters/dynamodb/organisations-table.ts';
import { tableName } from '../config/env.ts';
import type { MachineClientLookup } from './principal.ts';

/**
 * The organisations table as the machine-client lookup. The HTTP stack calls this on the first
 * machine-client request only, so that importing a function creates no client (tooling imports
 * the functions before the environment is set: the local runtime, the OpenAPI build).
 */
export function machineClientsFromEnvironment(): MachineClientLookup {
  return new DynamoOrganisationRepository(createDocumentClient(), tableName('organisations'));
}
