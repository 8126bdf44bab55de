/**
 * Publishes the domain events of the outboxes on the stack's EventBridge bus, invoked by DynamoDB
 * Streams with the new outbox items (`docs/events.md`). Locally the in-process bus does this work.
 */
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { DeleteCommand } from '@aws-sdk/lib-dynamodb';
import type { Context, DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { documentClient } from '../../shared/adapters/dynamodb/document-client.ts';
import { outboxKey } from '../../shared/adapters/dynamodb/outbox.ts';
import { publishOutboxRecords } from '../../shared/adapters/events/outbox-publisher.ts';
import { requiredEnv } from '../../shared/config/env.ts';
import { logger } from '../../shared/observability/logger.ts';

const deps = {
  eventBridge: new EventBridgeClient({}),
  eventBusName: requiredEnv('EVENT_BUS_NAME'),
  remove: async (tableName: string, eventId: string) => {
    await documentClient.send(new DeleteCommand({ TableName: tableName, Key: outboxKey(eventId) }));
  },
};

export const handler = async (
  event: DynamoDBStreamEvent,
  context: Context,
): Promise<DynamoDBBatchResponse> => {
  logger.addContext(context);
  return publishOutboxRecords(event.Records, deps);
};
