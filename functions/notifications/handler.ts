/** The caller's in-app notifications: list and mark read (docs/notifications.md). */
import { now } from '../../shared/adapters/clock.ts';
import { documentClient } from '../../shared/adapters/dynamodb/document-client.ts';
import { DynamoNotificationStore } from '../../shared/adapters/dynamodb/notifications-table.ts';
import { tableName } from '../../shared/config/env.ts';
import { NotificationReader } from '../../shared/domain/notifications/service.ts';
import { httpHandler } from '../../shared/http/handler.ts';
import { machineClientsFromEnvironment } from '../../shared/http/machine-clients.ts';
import { notificationListQuerySchema } from '../../shared/http/notifications.ts';
import { principalOf } from '../../shared/http/principal.ts';
import { parseQuery } from '../../shared/http/query.ts';
import { json } from '../../shared/http/response.ts';

const reader = new NotificationReader({
  notifications: new DynamoNotificationStore(documentClient, tableName('notifications')),
  now,
});

export const handler = httpHandler(
  {
    'GET /me/notifications': async ({ event }) => {
      const { unread, limit, cursor } = parseQuery(notificationListQuerySchema, event);
      return json(200, await reader.list(principalOf(event), { unread: unread === 'true', limit, cursor }));
    },
    'POST /me/notifications/{id}/read': async ({ event }) =>
      json(200, await reader.markRead(principalOf(event), event.pathParameters?.id ?? '')),
  },
  { machineClients: machineClientsFromEnvironment },
);
