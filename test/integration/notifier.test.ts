/**
 * The notifier on DynamoDB Local, invoked as the bus invokes it (an EventBridge event whose detail
 * is the envelope), with the local mailer writing `.eml` files to a throwaway folder; and the
 * notifications it leaves, read through `GET /me/notifications` (docs/notifications.md).
 */
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EventBridgeEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { documentClient } from '../../shared/adapters/dynamodb/document-client.ts';
import { DynamoNotificationStore } from '../../shared/adapters/dynamodb/notifications-table.ts';
import { DynamoOrganisationRepository } from '../../shared/adapters/dynamodb/organisations-table.ts';
import { EmlMailer } from '../../shared/adapters/mail/eml-mailer.ts';
import { tableName } from '../../shared/config/env.ts';
import type { DomainEvent } from '../../shared/domain/events/schema.ts';
import { NotificationDeliveryError, Notifier } from '../../shared/domain/notifications/notifier.ts';
import type { Mailer, OutgoingMail } from '../../shared/domain/notifications/ports.ts';
import type { Organisation } from '../../shared/domain/organisations/schema.ts';
import { aDomainEvent, aProjectRef, onTheBus } from '../support/domain-event-factories.ts';
import { parseEml } from '../support/eml.ts';
import { httpEvent, lambdaContext, readResult } from '../support/events.ts';
import { reviewerClaims, submitterClaims, unique, viewerClaims } from '../support/project-bodies.ts';

type NotifierHandler = (event: EventBridgeEvent<string, unknown>) => Promise<unknown>;
type HttpHandler = (
  event: ReturnType<typeof httpEvent>,
  context: ReturnType<typeof lambdaContext>,
) => unknown;

let mailDir = '';
let notify: NotifierHandler;
let notificationsHandler: HttpHandler;
const organisations = new DynamoOrganisationRepository(documentClient, tableName('organisations'));
const store = new DynamoNotificationStore(documentClient, tableName('notifications'));

beforeAll(async () => {
  mailDir = await mkdtemp(join(tmpdir(), 'jucip-mail-'));
  // The handlers read their configuration once, when their module loads.
  process.env.MAIL_DIR = mailDir;
  process.env.MAIL_FROM = 'JUCIP tracker <notifications@jucip.local>';
  notify = (await import('../../functions/notifier/handler.ts')).handler;
  notificationsHandler = (await import('../../functions/notifications/handler.ts')).handler;
});

afterAll(async () => {
  await rm(mailDir, { recursive: true, force: true });
});

async function anOrganisation(language: 'en' | 'ja', contacts: Organisation['contacts']): Promise<string> {
  const orgId = unique('org');
  const at = new Date().toISOString();
  await organisations.put(
    {
      orgId,
      name: `${orgId} K.K.`,
      country: 'JP',
      contacts,
      language,
      createdAt: at,
      updatedAt: at,
      version: 1,
    },
    undefined,
  );
  return orgId;
}

const twoContacts: Organisation['contacts'] = [
  { email: 'tanaka@example.jp', name: '田中 太郎', roles: ['submitter'] },
  { email: 'Suzuki@Example.jp', roles: ['technical', 'finance'] },
];

async function emlsOf(event: DomainEvent): Promise<string[]> {
  const files = (await readdir(mailDir)).filter((file) => file.startsWith(event.id) && file.endsWith('.eml'));
  return Promise.all(files.sort().map((file) => readFile(join(mailDir, file), 'utf8')));
}

async function listNotifications(claims: Record<string, string>, query: Record<string, string> = {}) {
  return readResult(
    await notificationsHandler(httpEvent({ path: '/me/notifications', query, claims }), lambdaContext()),
  );
}

async function markRead(id: string, claims: Record<string, string>) {
  return readResult(
    await notificationsHandler(
      httpEvent({
        method: 'POST',
        path: `/me/notifications/${id}/read`,
        route: '/me/notifications/{id}/read',
        pathParameters: { id },
        claims,
      }),
      lambdaContext(),
    ),
  );
}

const reviewed = (orgId: string) =>
  aDomainEvent('ProjectReviewed', {
    ...aProjectRef(orgId),
    projectVersion: 1,
    decision: 'changes_requested',
    comment: '系統連系契約書を添付してください。',
  });

describe('the notifier, invoked with EventBridge events', () => {
  it('tells the organisation about a decision in the app and e-mails each contact in Japanese', async () => {
    const orgId = await anOrganisation('ja', twoContacts);
    const event = reviewed(orgId);

    await notify(onTheBus(event));

    const emls = await emlsOf(event);
    expect(emls).toHaveLength(2);
    const parsed = emls.map(parseEml);
    expect(parsed.map((eml) => eml.headers.get('to')).sort()).toEqual([
      '<Suzuki@Example.jp>',
      '田中 太郎 <tanaka@example.jp>',
    ]);
    for (const eml of parsed) {
      expect(eml.rawHeaders.get('subject')).toMatch(/^=\?UTF-8\?B\?/);
      expect(eml.headers.get('subject')).toBe(
        'プロジェクトの修正が求められています：01KBN3Q6Z1W8V2M4T6X8B0C2D4',
      );
      expect(eml.headers.get('from')).toBe('JUCIP tracker <notifications@jucip.local>');
      expect(eml.headers.get('x-jucip-event-id')).toBe(event.id);
      const [text, html] = eml.parts;
      expect(text?.body).toContain('承認の前に修正が求められています。');
      expect(text?.body).toContain('審査者のコメント：系統連系契約書を添付してください。');
      expect(html?.body).toContain('<html lang="ja">');
    }
    const page = await listNotifications(submitterClaims(orgId));
    expect(page.statusCode).toBe(200);
    expect(page.json.items).toEqual([
      expect.objectContaining({
        id: event.id,
        type: 'ProjectReviewed',
        audience: 'organisation',
        orgId,
        title: 'プロジェクトの修正が求められています：01KBN3Q6Z1W8V2M4T6X8B0C2D4',
        link: '/projects/01KBN3Q6Z1W8V2M4T6X8B0C2D4',
        read: false,
      }),
    ]);
  });

  it('e-mails an English-speaking organisation in English', async () => {
    const orgId = await anOrganisation('en', [twoContacts[0] as Organisation['contacts'][number]]);
    const event = aDomainEvent('ReportDue', {
      ...aProjectRef(orgId),
      period: '2026-10',
      dueOn: '2026-11-15',
      reminder: 2,
    });

    await notify(onTheBus(event));

    const [eml] = (await emlsOf(event)).map(parseEml);
    expect(eml?.headers.get('subject')).toBe(
      'Second reminder: the report for 2026-10 is overdue, project 01KBN3Q6Z1W8V2M4T6X8B0C2D4',
    );
    expect(eml?.parts[0]?.body).toContain('was due by 2026-11-15 and has not arrived');
  });

  it('tells reviewers about a submission in the app only, and not the organisation', async () => {
    const orgId = await anOrganisation('en', twoContacts);
    const event = aDomainEvent('ProjectSubmitted', {
      ...aProjectRef(orgId),
      name: 'Hokkaido wind',
      projectVersion: 1,
    });

    await notify(onTheBus(event));

    expect(await emlsOf(event)).toEqual([]);
    const reviewers = await listNotifications(reviewerClaims(), { limit: '100' });
    expect(reviewers.json.items.map((n: { id: string }) => n.id)).toContain(event.id);
    expect((await listNotifications(submitterClaims(orgId))).json.items).toEqual([]);
  });

  it('notifies once when the same event is delivered again', async () => {
    const orgId = await anOrganisation('en', twoContacts);
    const event = reviewed(orgId);

    const first = await notify(onTheBus(event));
    const again = await notify(onTheBus(event));

    expect(first).toEqual({ inApp: 'added', emailsSent: 2, emailsAlreadySent: 0 });
    expect(again).toEqual({ inApp: 'exists', emailsSent: 0, emailsAlreadySent: 2 });
    expect(await emlsOf(event)).toHaveLength(2);
    expect((await listNotifications(submitterClaims(orgId))).json.items).toHaveLength(1);
  });

  it('dead-letters what is not an event of the contract instead of guessing', async () => {
    const bad = { ...onTheBus(reviewed('org-x')), detail: { id: 'x', type: 'ProjectReviewed', version: 1 } };

    await expect(notify(bad)).rejects.toThrow(/Not a domain event of the contract/);
  });
});

/** A mailer that writes `.eml` files and can be told to fail, counting what it sent. */
class FlakyMailer implements Mailer {
  readonly sent: string[] = [];
  failFor = new Set<string>();
  constructor(private readonly inner: Mailer) {}
  async send(mail: OutgoingMail): Promise<string> {
    if (this.failFor.has(mail.to.address.toLowerCase())) throw new Error('SES said no (throttled)');
    this.sent.push(mail.to.address.toLowerCase());
    return this.inner.send(mail);
  }
}

describe('the notifier when it crashes part way', () => {
  const notifierWith = (mailer: Mailer, now: () => Date, ledger = store) =>
    new Notifier({
      notifications: store,
      ledger,
      mailer,
      organisations,
      now,
      claimLeaseMs: 60_000,
    });

  it('after a failed send, a redelivery sends only the missing e-mail: each contact gets one', async () => {
    const orgId = await anOrganisation('en', twoContacts);
    const event = reviewed(orgId);
    const mailer = new FlakyMailer(new EmlMailer(mailDir, 'JUCIP tracker <notifications@jucip.local>'));
    mailer.failFor.add('suzuki@example.jp');
    const notifier = notifierWith(mailer, () => new Date());

    const failure = await notifier.notify(event).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(NotificationDeliveryError);
    expect(mailer.sent).toEqual(['tanaka@example.jp']);

    mailer.failFor.clear();
    const redelivered = await notifier.notify(event);

    expect(redelivered).toEqual({ inApp: 'exists', emailsSent: 1, emailsAlreadySent: 1 });
    expect(mailer.sent.sort()).toEqual(['suzuki@example.jp', 'tanaka@example.jp']);
    expect(await emlsOf(event)).toHaveLength(2);
    expect((await listNotifications(submitterClaims(orgId))).json.items).toHaveLength(1);
  });

  it('after a crash between sending and recording, holds off within the claim and sends again after it', async () => {
    const orgId = await anOrganisation('en', [twoContacts[0] as Organisation['contacts'][number]]);
    const event = reviewed(orgId);
    const mailer = new FlakyMailer(new EmlMailer(mailDir, 'JUCIP tracker <notifications@jucip.local>'));
    let clock = Date.parse('2026-12-03T09:00:00.000Z');
    const now = () => new Date(clock);
    const crashingLedger = Object.assign(Object.create(store), {
      recordSent: async () => {
        throw new Error('The function timed out before recording the e-mail');
      },
    }) as DynamoNotificationStore;

    await expect(notifierWith(mailer, now, crashingLedger).notify(event)).rejects.toThrow(
      NotificationDeliveryError,
    );
    expect(mailer.sent).toEqual(['tanaka@example.jp']);

    clock += 30_000;
    await expect(notifierWith(mailer, now).notify(event)).rejects.toThrow(NotificationDeliveryError);
    expect(mailer.sent).toHaveLength(1);

    clock += 60_000;
    const late = await notifierWith(mailer, now).notify(event);
    expect(late).toEqual({ inApp: 'exists', emailsSent: 1, emailsAlreadySent: 0 });
    // At least once: the e-mail sent before the crash went out a second time (docs/notifications.md).
    expect(mailer.sent).toEqual(['tanaka@example.jp', 'tanaka@example.jp']);
    expect(await notifierWith(mailer, now).notify(event)).toEqual({
      inApp: 'exists',
      emailsSent: 0,
      emailsAlreadySent: 1,
    });
  });
});

describe('GET /me/notifications and POST /me/notifications/{id}/read', () => {
  async function threeDecisions(orgId: string) {
    const events = [
      aDomainEvent('ReportVerified', { ...aProjectRef(orgId), period: '2026-08', revision: 1 }),
      aDomainEvent('ReportVerified', { ...aProjectRef(orgId), period: '2026-09', revision: 1 }),
      aDomainEvent('ReportRejected', { ...aProjectRef(orgId), period: '2026-10', revision: 1 }),
    ];
    for (const event of events) await notify(onTheBus(event));
    return events.map((event) => event.id);
  }

  it('lists the organisation’s notifications newest first, page by page', async () => {
    const orgId = await anOrganisation('en', []);
    const [oldest, middle, newest] = await threeDecisions(orgId);

    const first = await listNotifications(viewerClaims(), { limit: '2' });
    const own = await listNotifications({ ...submitterClaims(orgId) }, { limit: '2' });
    const next = await listNotifications(submitterClaims(orgId), { limit: '2', cursor: own.json.nextCursor });

    expect(first.statusCode).toBe(403);
    expect(own.json.items.map((n: { id: string }) => n.id)).toEqual([newest, middle]);
    expect(next.json.items.map((n: { id: string }) => n.id)).toEqual([oldest]);
    expect(next.json.nextCursor).toBeNull();
  });

  it('marks one read, keeps its first readAt, and leaves it out of the unread ones', async () => {
    const orgId = await anOrganisation('en', []);
    const [oldest, middle, newest] = await threeDecisions(orgId);
    const submitter = submitterClaims(orgId);

    const marked = await markRead(middle ?? '', submitter);
    const again = await markRead(middle ?? '', submitter);
    const unread = await listNotifications(submitter, { unread: 'true' });
    const all = await listNotifications(submitter);

    expect(marked.statusCode).toBe(200);
    expect(marked.json).toMatchObject({ id: middle, read: true, readAt: expect.any(String) });
    expect(again.json.readAt).toBe(marked.json.readAt);
    expect(unread.json.items.map((n: { id: string }) => n.id)).toEqual([newest, oldest]);
    expect(all.json.items.map((n: { id: string; read: boolean }) => [n.id, n.read])).toEqual([
      [newest, false],
      [middle, true],
      [oldest, false],
    ]);
  });

  it('keeps other organisations’ notifications invisible: empty lists and 404 to mark them', async () => {
    const orgId = await anOrganisation('en', []);
    const [id] = await threeDecisions(orgId);
    const stranger = submitterClaims(await anOrganisation('en', []));

    expect((await listNotifications(stranger)).json.items).toEqual([]);
    const foreign = await markRead(id ?? '', stranger);
    const reviewer = await markRead(id ?? '', reviewerClaims());
    const malformed = await markRead('not-an-id', submitterClaims(orgId));

    expect(foreign.statusCode).toBe(404);
    expect(reviewer.statusCode).toBe(404);
    expect(malformed.statusCode).toBe(404);
    const own = await listNotifications(submitterClaims(orgId), { unread: 'true' });
    expect(own.json.items).toHaveLength(3);
  });

  it('refuses a bad unread value and a cursor of another listing with 400', async () => {
    const orgId = await anOrganisation('en', []);
    await threeDecisions(orgId);
    const page = await listNotifications(submitterClaims(orgId), { limit: '1' });

    const badUnread = await listNotifications(submitterClaims(orgId), { unread: 'yes' });
    const otherListing = await listNotifications(submitterClaims(orgId), {
      unread: 'true',
      cursor: page.json.nextCursor,
    });

    expect(badUnread.statusCode).toBe(400);
    expect(badUnread.json.errors).toEqual([expect.objectContaining({ path: 'unread' })]);
    expect(otherListing.statusCode).toBe(400);
  });
});
