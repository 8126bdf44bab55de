/**
 * What the notifier and the notification reads need from outside: the notification store and the
 * e-mail ledger (DynamoDB: `shared/adapters/dynamodb/notifications-table.ts`), the mailer (SES v2 in
 * AWS, `.eml` files locally: `shared/adapters/mail/`) and the organisations' contacts and language.
 */
import type { Organisation } from '../organisations/schema.ts';
import type { Audience, Notification } from './schema.ts';

export interface NotificationListQuery {
  readonly unreadOnly: boolean;
  readonly limit: number;
  /** The id the previous page ended at (exclusive): the page holds older ones. */
  readonly beforeId?: string;
}

export interface NotificationStore {
  /**
   * Stores a notification unless one with its id already exists for its audience (a redelivered
   * event); answers whether it was added.
   */
  add(audience: Audience, notification: Notification, expiresAt: Date): Promise<'added' | 'exists'>;
  /** The audience's notifications, newest first, one bounded page. */
  list(
    audience: Audience,
    query: NotificationListQuery,
  ): Promise<{ items: Notification[]; nextBeforeId?: string }>;
  /** Marks one read (again is fine); undefined when the audience has no such notification. */
  markRead(audience: Audience, id: string, at: string): Promise<Notification | undefined>;
}

/** Where one e-mail of one event stands: claimed by a delivery that is sending it, or sent. */
export type EmailClaim =
  | { readonly outcome: 'claimed' }
  | { readonly outcome: 'sent' }
  | { readonly outcome: 'in_progress' };

/**
 * The record of the e-mails sent per (event, address), so that a redelivered event sends each
 * e-mail once (docs/notifications.md says what a crash between sending and recording does).
 */
export interface EmailLedger {
  /**
   * Claims the e-mail for this delivery: `claimed` when nobody holds it or a claim older than
   * `staleBefore` was left by a delivery that crashed; `sent` when it was sent; `in_progress` when
   * another delivery holds a fresh claim.
   */
  claim(eventId: string, address: string, at: string, staleBefore: string): Promise<EmailClaim>;
  /**
   * Gives up this delivery's claim (taken at `claimedAt`) after the mailer refused the e-mail, so
   * that the next delivery sends it at once.
   */
  release(eventId: string, address: string, claimedAt: string): Promise<void>;
  /** Records the e-mail as sent. */
  recordSent(eventId: string, address: string, at: string, messageId: string): Promise<void>;
}

export interface OutgoingMail {
  readonly to: { readonly address: string; readonly name?: string | undefined };
  readonly subject: string;
  readonly text: string;
  readonly html: string;
  /** The event id: what ties the message to its event (a header, the file name locally). */
  readonly eventId: string;
}

export interface Mailer {
  /** Sends one e-mail; answers the transport's message id. */
  send(mail: OutgoingMail): Promise<string>;
}

export interface OrganisationSource {
  get(orgId: string): Promise<Organisation | undefined>;
}
