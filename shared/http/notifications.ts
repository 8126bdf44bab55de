/** HTTP shapes of the notification routes (docs/notifications.md). */
import * as z from 'zod/mini';
import { pageQuery } from './query.ts';
import '../domain/zod-messages.ts';

/** `GET /me/notifications` query: `unread=true` for the unread ones only, `limit` and `cursor`. */
export const notificationListQuerySchema = z.strictObject({
  unread: z.optional(z.enum(['true', 'false'])),
  ...pageQuery,
});
