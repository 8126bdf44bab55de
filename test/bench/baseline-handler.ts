/**
 * The cold-start baseline: a function that only creates a `DynamoDBDocumentClient` at module scope
 * (the least any function of this project does) and has an empty handler. Bundled with the same
 * settings as the real functions; every function's init time and size are compared with it.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

export const documentClient = DynamoDBDocumentClient.from(new DynamoDBClient({}));

export const handler = async (): Promise<void> => {};
