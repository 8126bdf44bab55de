/** What the reminder job needs from storage (DynamoDB: `shared/adapters/dynamodb/reminders.ts`). */
import type { DomainEvent } from '../events/schema.ts';
import type { Project } from '../projects/schema.ts';
import type { SentReminders } from './due.ts';

/** A project as the reminders read it: its published version. */
export type ReminderProject = Pick<Project, 'id' | 'orgId' | 'hostCountry' | 'status' | 'statusHistory'>;

export interface ReminderStore {
  /** The published projects whose published version is operating, a bounded page at a time. */
  operatingProjects(): AsyncIterable<readonly ReminderProject[]>;
  /** Those of the projects that have a report for `period`. */
  reported(projectIds: readonly string[], period: string): Promise<Set<string>>;
  /** What was sent to each of the projects for `period` (projects sent nothing are absent). */
  sent(projectIds: readonly string[], period: string): Promise<Map<string, SentReminders>>;
  /**
   * Records reminder `reminder` for a project's month with its event (the outbox), together, only if
   * it was not recorded meanwhile (a concurrent run): `false` then, and nothing is stored.
   */
  record(
    projectId: string,
    period: string,
    reminder: 1 | 2,
    today: string,
    event: DomainEvent,
  ): Promise<boolean>;
}

/** The one-run-at-a-time lease of the reminder job. */
export interface ReminderRunLease {
  /** Takes the lease for `runId` until `until` (ISO time); the run holding it when it is taken, if any. */
  acquire(
    runId: string,
    now: string,
    until: string,
  ): Promise<{ held: false } | { held: true; runId: string }>;
  /** Gives the lease back, if `runId` still holds it. */
  release(runId: string): Promise<void>;
}
