/**
 * `GET /me/notifications` and `POST /me/notifications/{id}/read` (docs/notifications.md): the
 * caller reads its audience's notifications: reviewers and admins the reviewers', anyone else its
 * organisation's. Another audience's notification is answered as one that does not exist.
 */
import { decodeCursor, encodeCursor, listingFingerprint } from '../cursor.ts';
import { NotFoundError } from '../errors.ts';
import { ulidPattern } from '../ids.ts';
import type { Page } from '../pagination.ts';
import { assertAuthorized, type Principal } from '../policy.ts';
import type { NotificationStore } from './ports.ts';
import type { Audience, Notification } from './schema.ts';

/**
 * Whose notifications a caller reads. Reviewers and admins read the reviewers' (even with an
 * organisation: they act for the registry there); anyone else its organisation's.
 * @throws ForbiddenError (403) for a caller with no role, or with no organisation and no reviewer role
 */
export function audienceOf(principal: Principal): Audience {
  assertAuthorized(principal, 'notifications:read');
  if (principal.roles.includes('reviewer') || principal.roles.includes('admin')) return { kind: 'reviewers' };
  return { kind: 'organisation', orgId: principal.orgId ?? '' };
}

export interface NotificationListRequest {
  readonly unread: boolean;
  readonly limit: number;
  readonly cursor?: string | undefined;
}

export class NotificationReader {
  constructor(
    private readonly deps: { readonly notifications: NotificationStore; readonly now: () => string },
  ) {}

  /** The caller's notifications, newest first; only unread ones with `unread`. */
  async list(principal: Principal, request: NotificationListRequest): Promise<Page<Notification>> {
    const audience = audienceOf(principal);
    const fingerprint = listingFingerprint('notifications', {
      unread: request.unread,
      audience: audience.kind === 'reviewers' ? 'reviewers' : `org:${audience.orgId}`,
    });
    const beforeId = request.cursor
      ? decodeCursor(fingerprint, request.cursor, (value) => ulidPattern.test(value))
      : undefined;
    const page = await this.deps.notifications.list(audience, {
      unreadOnly: request.unread,
      limit: request.limit,
      ...(beforeId === undefined ? {} : { beforeId }),
    });
    return {
      items: page.items,
      nextCursor: page.nextBeforeId === undefined ? null : encodeCursor(fingerprint, page.nextBeforeId),
    };
  }

  /**
   * Marks one of the caller's notifications read (again is fine: it keeps its first `readAt`).
   * @throws NotFoundError (404) when the caller's audience has no such notification
   */
  async markRead(principal: Principal, id: string): Promise<Notification> {
    const audience = audienceOf(principal);
    const notFound = () => new NotFoundError('Notification not found');
    if (!ulidPattern.test(id)) throw notFound();
    const marked = await this.deps.notifications.markRead(audience, id, this.deps.now());
    if (marked === undefined) throw notFound();
    return marked;
  }
}
