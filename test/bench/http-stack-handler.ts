/**
 * A reference for the cold-start figures, not a function of the tracker: the baseline's DynamoDB
 * client plus the HTTP stack every HTTP function shares (middy and its middlewares, the logger, zod
 * and its messages, the route table, problem details) around one public route. Its init against
 * the baseline's is what an HTTP function spends before any code of its own (`docs/performance.md`).
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { httpHandler } from '../../shared/http/handler.ts';
import { json } from '../../shared/http/response.ts';

export const documentClient = DynamoDBDocumentClient.from(new DynamoDBClient({}));

export const handler = httpHandler({ 'GET /health': async () => json(200, { status: 'ok' }) });
