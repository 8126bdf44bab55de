import { describe, expect, it } from 'vitest';
import type { DomainEvent } from '../../../../shared/domain/events/schema.ts';
import { Notifier } from '../../../../shared/domain/notifications/notifier.ts';
import type {
  EmailClaim,
  EmailLedger,
  Mailer,
  NotificationListQuery,
  NotificationStore,
  OutgoingMail,
} from '../../../../shared/domain/notifications/ports.ts';
import { linkOf, recipientsOf } from '../../../../shared/domain/notifications/recipients.ts';
import type { Audience, Notification } from '../../../../shared/domain/notifications/schema.ts';
import type { Organisation } from '../../../../shared/domain/organisations/schema.ts';
import { oneOfEach } from '../../../support/domain-event-factories.ts';

const audienceKey = (audience: Audience) =>
  audience.kind === 'reviewers' ? 'reviewers' : `org:${audience.orgId}`;

class InMemoryNotifications implements NotificationStore, EmailLedger {
  readonly notes = new Map<string, Notification>();
  readonly emails = new Map<string, 'sending' | 'sent'>();
  async add(audience: Audience, notification: Notification) {
    const key = `${audienceKey(audience)}#${notification.id}`;
    if (this.notes.has(key)) return 'exists' as const;
    this.notes.set(key, notification);
    return 'added' as const;
  }
  async list(_audience: Audience, _query: NotificationListQuery) {
    return { items: [...this.notes.values()] };
  }
  async markRead() {
    return undefined;
  }
  async claim(eventId: string, address: string): Promise<EmailClaim> {
    const state = this.emails.get(`${eventId}#${address}`);
    if (state === 'sent') return { outcome: 'sent' };
    if (state === 'sending') return { outcome: 'in_progress' };
    this.emails.set(`${eventId}#${address}`, 'sending');
    return { outcome: 'claimed' };
  }
  async release(eventId: string, address: string) {
    this.emails.delete(`${eventId}#${address}`);
  }
  async recordSent(eventId: string, address: string) {
    this.emails.set(`${eventId}#${address}`, 'sent');
  }
}

class RecordingMailer implements Mailer {
  readonly sent: OutgoingMail[] = [];
  async send(mail: OutgoingMail) {
    this.sent.push(mail);
    return `m-${this.sent.length}`;
  }
}

const organisation = (orgId: string, language: 'en' | 'ja'): Organisation => ({
  orgId,
  name: 'Kansai Solar',
  country: 'JP',
  contacts: [
    { email: 'a@example.jp', roles: ['submitter'] },
    { email: 'A@EXAMPLE.JP', roles: ['finance'] },
    { email: 'b@example.jp', name: 'B', roles: ['technical'] },
  ],
  language,
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
  version: 1,
});

function setUp(language: 'en' | 'ja' = 'en', mailer: Mailer | null = new RecordingMailer()) {
  const store = new InMemoryNotifications();
  const notifier = new Notifier({
    notifications: store,
    ledger: store,
    ...(mailer !== null && { mailer }),
    organisations: { get: async (orgId) => organisation(orgId, language) },
    now: () => new Date('2026-12-03T09:00:00.000Z'),
    claimLeaseMs: 60_000,
  });
  return { store, notifier };
}

const byType = (events: DomainEvent[]) => new Map(events.map((event) => [event.type, event]));

describe('who is told about each event', () => {
  it('tells reviewers about what waits for them, and organisations about what concerns them', () => {
    const audiences = [...byType(oneOfEach('org-k'))].map(([type, event]) => [type, recipientsOf(event)]);

    expect(Object.fromEntries(audiences)).toEqual({
      ProjectSubmitted: { audience: { kind: 'reviewers' } },
      ProjectRevisionSubmitted: { audience: { kind: 'reviewers' } },
      ReportSubmitted: { audience: { kind: 'reviewers' } },
      IndicatorRunPublished: { audience: { kind: 'reviewers' } },
      ProjectReviewed: { audience: { kind: 'organisation', orgId: 'org-k' }, emailOrgId: 'org-k' },
      ReportVerified: { audience: { kind: 'organisation', orgId: 'org-k' }, emailOrgId: 'org-k' },
      ReportRejected: { audience: { kind: 'organisation', orgId: 'org-k' }, emailOrgId: 'org-k' },
      DocumentRejected: { audience: { kind: 'organisation', orgId: 'org-k' }, emailOrgId: 'org-k' },
      ReportDue: { audience: { kind: 'organisation', orgId: 'org-k' }, emailOrgId: 'org-k' },
    });
  });

  it('links each event to what it is about', () => {
    const links = Object.fromEntries(
      [...byType(oneOfEach('org-k'))].map(([type, event]) => [type, linkOf(event)]),
    );

    expect(links.ReportDue).toBe('/projects/01KBN3Q6Z1W8V2M4T6X8B0C2D4/metrics/2026-10');
    expect(links.DocumentRejected).toBe(
      '/projects/01KBN3Q6Z1W8V2M4T6X8B0C2D4/documents/01KBN3Q6Z1W8V2M4T6X8B0C2D5',
    );
    expect(links.IndicatorRunPublished).toBe('/indicators/runs/01KBN3Q6Z1W8V2M4T6X8B0C2D6');
  });
});

describe('Notifier', () => {
  it('e-mails each distinct contact address once for an organisation event, none for a reviewers’ one', async () => {
    const mailer = new RecordingMailer();
    const { notifier } = setUp('ja', mailer);
    const events = byType(oneOfEach('org-k'));

    await notifier.notify(events.get('ProjectSubmitted') as DomainEvent);
    expect(mailer.sent).toEqual([]);
    await notifier.notify(events.get('ReportRejected') as DomainEvent);

    expect(mailer.sent.map((mail) => mail.to.address)).toEqual(['a@example.jp', 'b@example.jp']);
    expect(mailer.sent[0]?.subject).toMatch(/^報告が却下されました/);
  });

  it('titles an organisation’s notification in its language and the reviewers’ in English', async () => {
    const { notifier, store } = setUp('ja');
    const events = byType(oneOfEach('org-k'));

    await notifier.notify(events.get('ReportVerified') as DomainEvent);
    await notifier.notify(events.get('ReportSubmitted') as DomainEvent);

    const titles = [...store.notes.values()].map((note) => [note.audience, note.title]);
    expect(titles).toEqual([
      ['organisation', '報告が検証されました：2026-10、プロジェクト 01KBN3Q6Z1W8V2M4T6X8B0C2D4'],
      ['reviewers', 'Report to verify: 2026-10, project 01KBN3Q6Z1W8V2M4T6X8B0C2D4'],
    ]);
  });

  it('tells in the app only when the deployment sends no e-mail', async () => {
    const { notifier, store } = setUp('en', null);

    const outcome = await notifier.notify(byType(oneOfEach('org-k')).get('ReportDue') as DomainEvent);

    expect(outcome).toEqual({ inApp: 'added', emailsSent: 0, emailsAlreadySent: 0 });
    expect(store.notes.size).toBe(1);
    expect(store.emails.size).toBe(0);
  });
});
