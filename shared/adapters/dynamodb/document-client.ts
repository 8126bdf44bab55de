/**
 * The DynamoDB clients of this container, created once at module scope. Kept apart from the
 * factories so that tooling (the local runtime, tests) can build clients without creating these.
 */
import { createDocumentClient, createDynamoClient } from './client.ts';

export const dynamoClient = createDynamoClient();
export const documentClient = createDocumentClient(dynamoClient);
