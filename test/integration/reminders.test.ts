/**
 * The reminder job against DynamoDB Local (tables of this file's own): one ReportDue per operating
 * published project without a report for the overdue month, none again the same day, a second one
 * seven days later, never a third; and the one-run-at-a-time lease of `POST /reminders/runs`.
 */
import { ulid } from 'ulid';
import { beforeAll, describe, expect, it } from 'vitest';
import { DynamoMetricsRepository } from '../../shared/adapters/dynamodb/metrics-table.ts';
import { DynamoProjectRepository } from '../../shared/adapters/dynamodb/projects-table.ts';
import { DynamoReminderLease, DynamoReminderStore } from '../../shared/adapters/dynamodb/reminders.ts';
import { ForbiddenError } from '../../shared/domain/errors.ts';
import type { DomainEvent } from '../../shared/domain/events/schema.ts';
import { MetricsService } from '../../shared/domain/metrics/service.ts';
import type { Project } from '../../shared/domain/projects/schema.ts';
import { ProjectService } from '../../shared/domain/projects/service.ts';
import {
  ReminderRunInProgressError,
  requestReminderRun,
  runReminders,
} from '../../shared/domain/reminders/job.ts';
import { outboxEvents, outboxTestClient, outboxTestTables } from '../support/outbox-tables.ts';
import { anAdmin, aProjectInput, aReviewer, aSubmitter } from '../unit/domain/factories.ts';
import { aReportInput } from '../unit/domain/metrics/metric-factories.ts';

let names: Awaited<ReturnType<typeof outboxTestTables>>;
let projects: ProjectService;
let metrics: MetricsService;
let store: DynamoReminderStore;
let lease: DynamoReminderLease;
const submitter = aSubmitter({ subject: 'user-reminders', orgId: 'org-reminders' });
const reviewer = aReviewer({ subject: 'user-reminders-reviewer' });

beforeAll(async () => {
  names = await outboxTestTables('jucip-reminders');
  const projectRepository = new DynamoProjectRepository(outboxTestClient, names.projects);
  projects = new ProjectService({
    projects: projectRepository,
    fx: { usdRates: async () => new Map() },
    organisations: { exists: async () => true },
    now: () => new Date().toISOString(),
    newId: () => ulid(),
  });
  metrics = new MetricsService({
    projects: projectRepository,
    metrics: new DynamoMetricsRepository(outboxTestClient, names.metrics),
    reference: { factor: async () => undefined },
    documents: { get: async () => undefined },
    now: () => new Date().toISOString(),
  });
  store = new DynamoReminderStore(outboxTestClient, { projects: names.projects, metrics: names.metrics });
  lease = new DynamoReminderLease(outboxTestClient, names.projects);
});

async function aProject(status: 'operating' | 'construction', accepted = true): Promise<Project> {
  const created = await projects.create(
    submitter,
    aProjectInput({ status, statusEffectiveDate: '2024-01-10' }),
  );
  if (!accepted) return created;
  return projects.review(
    reviewer,
    created.id,
    { decision: 'accepted', comment: 'Checked.' },
    created.version,
  );
}

/** A run of the reminders at `time`. */
const runAt = (time: string) => runReminders({ store, now: () => time });

async function reportDueAbout(projectId: string): Promise<DomainEvent<'ReportDue'>[]> {
  return (await outboxEvents(names.projects)).filter(
    (event): event is DomainEvent<'ReportDue'> =>
      event.type === 'ReportDue' && event.detail.projectId === projectId,
  );
}

describe('the reminder job', () => {
  it('reminds once per project and month, again seven days later, then never', async () => {
    const silent = await aProject('operating');
    const reporting = await aProject('operating');
    await metrics.put(submitter, reporting.id, '2026-10', aReportInput(), undefined);
    const building = await aProject('construction');
    const unreviewed = await aProject('operating', false);

    const first = await runAt('2026-12-03T01:00:00.000Z');
    const sameDay = await runAt('2026-12-03T13:00:00.000Z');
    const sixDaysOn = await runAt('2026-12-09T01:00:00.000Z');
    const sevenDaysOn = await runAt('2026-12-10T01:00:00.000Z');
    const later = await runAt('2026-12-14T01:00:00.000Z');

    expect(first).toMatchObject({ period: '2026-10', dueOn: '2026-11-15' });
    expect(first.firstReminders).toBeGreaterThanOrEqual(1);
    expect(sameDay).toMatchObject({ firstReminders: 0, secondReminders: 0 });
    expect(sixDaysOn).toMatchObject({ firstReminders: 0, secondReminders: 0 });
    expect(sevenDaysOn.secondReminders).toBeGreaterThanOrEqual(1);
    expect(later).toMatchObject({ firstReminders: 0, secondReminders: 0 });
    const events = await reportDueAbout(silent.id);
    expect(events.map((event) => event.detail)).toEqual([
      {
        projectId: silent.id,
        orgId: silent.orgId,
        hostCountry: silent.hostCountry,
        period: '2026-10',
        dueOn: '2026-11-15',
        reminder: 1,
      },
      {
        projectId: silent.id,
        orgId: silent.orgId,
        hostCountry: silent.hostCountry,
        period: '2026-10',
        dueOn: '2026-11-15',
        reminder: 2,
      },
    ]);
    expect(events.map((event) => event.occurredAt)).toEqual([
      '2026-12-03T01:00:00.000Z',
      '2026-12-10T01:00:00.000Z',
    ]);
    for (const quiet of [reporting, building, unreviewed]) expect(await reportDueAbout(quiet.id)).toEqual([]);
  });

  it('moves on to the next month once its day of grace has passed', async () => {
    const project = await aProject('operating');

    await runAt('2027-01-15T12:00:00.000Z');
    await runAt('2027-01-16T00:30:00.000Z');

    expect((await reportDueAbout(project.id)).map((event) => event.detail.period)).toEqual([
      '2026-11',
      '2026-12',
    ]);
  });

  it('sends nothing twice when two runs go at once', async () => {
    const project = await aProject('operating');

    await Promise.all([runAt('2027-03-20T01:00:00.000Z'), runAt('2027-03-20T01:00:00.000Z')]);

    expect(await reportDueAbout(project.id)).toHaveLength(1);
  });
});

describe('POST /reminders/runs', () => {
  const launched: string[] = [];
  const request = (principal = anAdmin(), now = '2026-12-03T02:00:00.000Z') =>
    requestReminderRun(principal, {
      lease,
      launch: async (runId) => {
        launched.push(runId);
      },
      now: () => now,
      newRunId: () => ulid(),
    });

  it('starts a run (202), refuses a second while it is under way (409), and starts again once it ends', async () => {
    const first = await request();
    const refused = await request().catch((error: unknown) => error);
    await lease.release(first.runId);
    const again = await request();

    expect(launched).toEqual([first.runId, again.runId]);
    expect(refused).toBeInstanceOf(ReminderRunInProgressError);
    expect((refused as ReminderRunInProgressError).runId).toBe(first.runId);
    await lease.release(again.runId);
  });

  it('starts a run when the one holding the lease outlived it (killed without giving it back)', async () => {
    const stale = await request(anAdmin(), '2026-12-04T02:00:00.000Z');

    const next = await request(anAdmin(), '2026-12-04T02:06:00.000Z');

    expect(next.runId).not.toBe(stale.runId);
    await lease.release(next.runId);
  });

  it('is for admins only', async () => {
    await expect(request(reviewer)).rejects.toThrow(ForbiddenError);
  });
});
