/**
 * DynamoDB client factories. Short timeouts keep a request from hanging on an unreachable
 * database: the API answers 503 well within API Gateway's 30 s limit.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/** A low-level client; `DYNAMODB_ENDPOINT` points it at DynamoDB Local. */
export function createDynamoClient(endpoint = process.env.DYNAMODB_ENDPOINT): DynamoDBClient {
  return new DynamoDBClient({
    ...(endpoint
      ? {
          endpoint,
          region: process.env.AWS_REGION ?? 'local',
          credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
        }
      : {}),
    maxAttempts: 3,
    requestHandler: { connectionTimeout: 1_000, requestTimeout: 3_000 },
  });
}

/** A document client (plain JavaScript values in and out) over a low-level client. */
export function createDocumentClient(
  client: DynamoDBClient | string | undefined = process.env.DYNAMODB_ENDPOINT,
): DynamoDBDocumentClient {
  const base = client instanceof DynamoDBClient ? client : createDynamoClient(client);
  return DynamoDBDocumentClient.from(base, {
    marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
  });
}
