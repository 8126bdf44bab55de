/** HTTP shapes of the notification routes (docs/notifications.md). */
import * as z from 'zod/mini';
import { built } from '../domain/pure.ts';
import { pageQuery } from './query.ts';
import '../domain/zod-messages.ts';

/** `GET /me/notifications` query: `unread=true` for the unread ones only, `limit` and `cursor`. */
export const notificationListQuerySchema = /* @__PURE__ */ built(() =>
  z.strictObject({
    unread: z.optional(z.enum(['true', 'false'])),
    ...pageQuery,
  }),
);
