/**
 * The notifier (docs/notifications.md): tells the people concerned about one domain event, in the
 * app always and by e-mail to the organisation's contacts, in the organisation's language.
 *
 * Idempotent by event id: the in-app notification is a conditional put keyed by (audience, event
 * id), each e-mail a claim keyed by (event id, address) in the ledger, so a redelivered event adds
 * nothing already done. A failed send does not stop the other recipients; the notifier then throws,
 * so that the platform delivers the event again (and, after its retries, dead-letters it), and the
 * next delivery sends only what is still missing.
 */

import { renderMail, titleOf } from '../../i18n/mail.ts';
import { anyEventSchema, type DomainEvent } from '../events/schema.ts';
import type { EmailLedger, Mailer, NotificationStore, OrganisationSource } from './ports.ts';
import { linkOf, recipientsOf } from './recipients.ts';
import type { Notification } from './schema.ts';

export interface NotifierDeps {
  readonly notifications: NotificationStore;
  readonly ledger: EmailLedger;
  /** None when the deployment sends no e-mail: people are then told in the app only. */
  readonly mailer?: Mailer;
  readonly organisations: OrganisationSource;
  readonly now: () => Date;
  /** Where the tracker is reached, for absolute links in e-mails (optional). */
  readonly baseUrl?: string | undefined;
  /**
   * How long a claim on an e-mail protects it from another delivery: longer than one invocation
   * can run, so that only a crashed delivery's claim is ever taken over.
   */
  readonly claimLeaseMs: number;
}

/** How long notifications and the e-mail ledger are kept (their items carry a TTL). */
export const notificationRetentionDays = 180;

/**
 * Some e-mails were not sent; the event must be delivered again. An `AggregateError` of each
 * refusal (`errors`), for the logs: the notifier runs behind the bus, never behind a route.
 */
export class NotificationDeliveryError extends AggregateError {
  constructor(
    readonly eventId: string,
    readonly failed: readonly { readonly address: string; readonly cause: unknown }[],
  ) {
    super(
      failed.map((failure) => failure.cause),
      `Event ${eventId}: ${failed.length} e-mail(s) not sent, the event will be delivered again`,
    );
    this.name = 'NotificationDeliveryError';
  }
}

export interface NotifyOutcome {
  readonly inApp: 'added' | 'exists';
  readonly emailsSent: number;
  readonly emailsAlreadySent: number;
}

/**
 * Parses what the bus delivered into a domain event.
 * @throws Error naming the problem when it is not an event of the contract (it then dead-letters)
 */
export function parseEvent(envelope: unknown): DomainEvent {
  const parsed = anyEventSchema.safeParse(envelope);
  if (!parsed.success) throw new Error(`Not a domain event of the contract: ${parsed.error.message}`);
  return parsed.data as DomainEvent;
}

export class Notifier {
  constructor(private readonly deps: NotifierDeps) {}

  /** Notifies once about the event, however often it is delivered. */
  async notify(event: DomainEvent): Promise<NotifyOutcome> {
    const recipients = recipientsOf(event);
    const now = this.deps.now();
    const expiresAt = new Date(now.getTime() + notificationRetentionDays * 86_400_000);
    const organisation =
      recipients.emailOrgId === undefined
        ? undefined
        : await this.deps.organisations.get(recipients.emailOrgId);
    const language = organisation?.language ?? 'en';
    const link = linkOf(event);

    const notification: Notification = {
      id: event.id,
      type: event.type,
      audience: recipients.audience.kind,
      ...(recipients.audience.kind === 'organisation' ? { orgId: recipients.audience.orgId } : {}),
      title: titleOf(event, recipients.audience.kind === 'organisation' ? language : 'en'),
      ...(link === undefined ? {} : { link }),
      occurredAt: event.occurredAt,
      read: false,
      detail: { ...event.detail },
    };
    const inApp = await this.deps.notifications.add(recipients.audience, notification, expiresAt);

    let emailsSent = 0;
    let emailsAlreadySent = 0;
    const failed: { address: string; cause: unknown }[] = [];
    const { mailer } = this.deps;
    if (mailer !== undefined && organisation !== undefined) {
      // One e-mail per address, however the organisation spelled it among its contacts.
      const contacts = new Map<string, (typeof organisation.contacts)[number]>();
      for (const contact of organisation.contacts) {
        const address = contact.email.toLowerCase();
        if (!contacts.has(address)) contacts.set(address, contact);
      }
      for (const [address, contact] of contacts) {
        try {
          const claimedAt = now.toISOString();
          const claim = await this.deps.ledger.claim(
            event.id,
            address,
            claimedAt,
            new Date(now.getTime() - this.deps.claimLeaseMs).toISOString(),
          );
          if (claim.outcome === 'sent') {
            emailsAlreadySent += 1;
            continue;
          }
          if (claim.outcome === 'in_progress') {
            throw new Error('Another delivery of this event is sending this e-mail now');
          }
          const mail = renderMail(event, {
            language,
            recipient: contact.name ?? contact.email,
            orgName: organisation.name,
            baseUrl: this.deps.baseUrl,
            link,
          });
          let messageId: string;
          try {
            messageId = await mailer.send({
              to: { address: contact.email, name: contact.name },
              ...mail,
              eventId: event.id,
            });
          } catch (refused) {
            // Refused, so the next delivery may send it at once. (A send that timed out after the
            // mailer accepted it is sent again then: at least once, docs/notifications.md.)
            await this.deps.ledger.release(event.id, address, claimedAt).catch(() => undefined);
            throw refused;
          }
          await this.deps.ledger.recordSent(event.id, address, this.deps.now().toISOString(), messageId);
          emailsSent += 1;
        } catch (cause) {
          failed.push({ address, cause });
        }
      }
    }
    if (failed.length > 0) throw new NotificationDeliveryError(event.id, failed);
    return { inApp, emailsSent, emailsAlreadySent };
  }
}
