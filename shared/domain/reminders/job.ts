/**
 * The reminder job (`docs/events.md`, ReportDue): for every published operating project without a
 * report for the latest overdue month, a `ReportDue` event, stored with the record that it was sent
 * (so that a second run the same day sends nothing, and a third reminder never goes out). Reads one
 * bounded page of the sparse index of operating projects at a time, with one batch read of their
 * reports and one of their reminders per page: no scan.
 */
import { ConflictError } from '../errors.ts';
import { domainEvent } from '../events/decisions.ts';
import { assertAuthorized, type Principal } from '../policy.ts';
import { statusAt } from '../projects/project.ts';
import { defaultReportDueDay, overdueMonth, reminderDue } from './due.ts';
import type { ReminderRunLease, ReminderStore } from './ports.ts';

export interface ReminderJobDeps {
  readonly store: ReminderStore;
  /** The current time, ISO 8601 UTC. */
  readonly now: () => string;
  /** The day of grace (`REPORT_DUE_DAY`). */
  readonly dueDay?: number;
}

export interface ReminderRunResult {
  readonly period: string;
  readonly dueOn: string;
  /** Operating projects looked at. */
  readonly projects: number;
  readonly firstReminders: number;
  readonly secondReminders: number;
}

/** Runs the reminders as of `deps.now()`. Safe to repeat and to run twice at once. */
export async function runReminders(deps: ReminderJobDeps): Promise<ReminderRunResult> {
  const now = deps.now();
  const today = now.slice(0, 10);
  const { period, dueOn } = overdueMonth(today, deps.dueDay ?? defaultReportDueDay);
  const [year, month] = period.split('-').map(Number) as [number, number];
  // Day 0 of the next month is the last day of this one.
  const lastDayOfPeriod = new Date(Date.UTC(year, month, 0)).toISOString().slice(0, 10);
  const result = { period, dueOn, projects: 0, firstReminders: 0, secondReminders: 0 };
  for await (const page of deps.store.operatingProjects()) {
    // A project owes a report for the month only if it was operating in it.
    const owing = page.filter((project) => statusAt(project, lastDayOfPeriod) === 'operating');
    result.projects += page.length;
    const ids = owing.map((project) => project.id);
    if (ids.length === 0) continue;
    const [reported, sent] = await Promise.all([
      deps.store.reported(ids, period),
      deps.store.sent(ids, period),
    ]);
    for (const project of owing) {
      if (reported.has(project.id)) continue;
      const reminder = reminderDue(sent.get(project.id), today);
      if (reminder === undefined) continue;
      const event = domainEvent(
        'ReportDue',
        {
          projectId: project.id,
          orgId: project.orgId,
          hostCountry: project.hostCountry,
          period,
          dueOn,
          reminder,
        },
        { occurredAt: now },
      );
      if (await deps.store.record(project.id, period, reminder, today, event)) {
        if (reminder === 1) result.firstReminders += 1;
        else result.secondReminders += 1;
      }
    }
  }
  return result;
}

/** How long a reminder run holds its lease: the job's longest possible run. */
export const reminderLeaseMs = 5 * 60 * 1000;

/** Thrown when a reminder run is asked for while one is under way (HTTP 409). */
export class ReminderRunInProgressError extends ConflictError {
  constructor(readonly runId: string) {
    super(`A reminder run (${runId}) is under way; one at a time. Ask again when it has finished.`);
  }
}

/**
 * `POST /reminders/runs`: takes the run's lease and starts the job for it, without waiting.
 * @throws ReminderRunInProgressError while another run holds the lease
 */
export async function requestReminderRun(
  principal: Principal,
  deps: {
    readonly lease: ReminderRunLease;
    readonly launch: (runId: string) => Promise<void>;
    readonly now: () => string;
    readonly newRunId: () => string;
  },
): Promise<{ runId: string; startedAt: string }> {
  assertAuthorized(principal, 'reminders:run');
  const runId = deps.newRunId();
  const startedAt = deps.now();
  const until = new Date(Date.parse(startedAt) + reminderLeaseMs).toISOString();
  const taken = await deps.lease.acquire(runId, startedAt, until);
  if (taken.held) throw new ReminderRunInProgressError(taken.runId);
  try {
    await deps.launch(runId);
  } catch (error) {
    await deps.lease.release(runId);
    throw error;
  }
  return { runId, startedAt };
}
