/**
 * In-app notifications (docs/notifications.md): what the notifier tells an organisation or the
 * reviewers about a domain event, read at `GET /me/notifications`.
 */
import * as z from 'zod/mini';
import { eventTypes } from '../events/types.ts';
import { built } from '../pure.ts';
import '../zod-messages.ts';

/** Whom a notification is for: one organisation (all its people), or every reviewer and admin. */
export type Audience =
  | { readonly kind: 'organisation'; readonly orgId: string }
  | { readonly kind: 'reviewers' };

export const notificationSchema = /* @__PURE__ */ built(() =>
  z.object({
    id: z.string().check(
      z.meta({
        description: 'The id of the domain event it tells about (a ULID: newer events sort later).',
      }),
    ),
    type: z.enum(eventTypes),
    audience: z.enum(['organisation', 'reviewers']),
    orgId: z.optional(z.string()),
    title: z.string().check(
      z.meta({
        description: 'One line about the event, in the organisation’s language (English for reviewers).',
      }),
    ),
    link: z.optional(z.string().check(z.meta({ description: 'The API path of what it is about.' }))),
    occurredAt: z.iso.datetime(),
    read: z.boolean(),
    readAt: z.optional(z.iso.datetime()),
    detail: z
      .record(z.string(), z.unknown())
      .check(
        z.meta({ description: 'The event’s `detail`, as the event contract defines it (docs/events.md).' }),
      ),
  }),
);
export type Notification = z.output<typeof notificationSchema>;
