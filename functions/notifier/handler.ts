/**
 * The notifier, subscribed to every domain event (in AWS through a rule on the stack's event bus,
 * locally through the in-process bus). It receives the EventBridge event whose `detail` is the
 * event's envelope, and tells the people concerned once, however often the event is delivered
 * (docs/notifications.md). When an e-mail could not be sent it throws, so that Lambda delivers the
 * event again and, after its retries, dead-letters it where an alarm reports it; the decision that
 * caused the event is stored already and never depends on this.
 */
import type { EventBridgeEvent } from 'aws-lambda';
import { documentClient } from '../../shared/adapters/dynamodb/document-client.ts';
import { DynamoNotificationStore } from '../../shared/adapters/dynamodb/notifications-table.ts';
import { DynamoOrganisationRepository } from '../../shared/adapters/dynamodb/organisations-table.ts';
import { configuredMailer } from '../../shared/adapters/mail/mailer.ts';
import { mailEnvironment, tableName } from '../../shared/config/env.ts';
import { Notifier, type NotifyOutcome, parseEvent } from '../../shared/domain/notifications/notifier.ts';
import { logger } from '../../shared/observability/logger.ts';
import { functions } from '../../shared/routes.ts';

const store = new DynamoNotificationStore(documentClient, tableName('notifications'));
const mailer = configuredMailer();
const notifier = new Notifier({
  notifications: store,
  ledger: store,
  ...(mailer && { mailer }),
  organisations: new DynamoOrganisationRepository(documentClient, tableName('organisations')),
  now: () => new Date(),
  baseUrl: process.env[mailEnvironment.baseUrl],
  // A claim outlives any invocation that could still be sending under it.
  claimLeaseMs: functions.notifier.timeoutSeconds * 1000 * 2,
});

export async function handler(event: EventBridgeEvent<string, unknown>): Promise<NotifyOutcome> {
  const domainEvent = parseEvent(event.detail);
  const outcome = await notifier.notify(domainEvent);
  logger.info('Notified', { eventId: domainEvent.id, type: domainEvent.type, ...outcome });
  return outcome;
}
