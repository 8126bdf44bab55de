/**
 * The reminder job (`docs/events.md`, ReportDue): invoked daily by EventBridge Scheduler (the local
 * scheduler locally) and by `POST /reminders/runs` (`{trigger: 'manual', runId}`, holding the run's
 * lease, which it gives back when done).
 */
import type { Context } from 'aws-lambda';
import { now } from '../../shared/adapters/clock.ts';
import { documentClient } from '../../shared/adapters/dynamodb/document-client.ts';
import { DynamoReminderLease, DynamoReminderStore } from '../../shared/adapters/dynamodb/reminders.ts';
import { tableName } from '../../shared/config/env.ts';
import { reportDueDay } from '../../shared/domain/reminders/due.ts';
import { type ReminderRunResult, runReminders } from '../../shared/domain/reminders/job.ts';
import { logger } from '../../shared/observability/logger.ts';

const store = new DynamoReminderStore(documentClient, {
  projects: tableName('projects'),
  metrics: tableName('metrics'),
});
const lease = new DynamoReminderLease(documentClient, tableName('projects'));
const dueDay = reportDueDay(process.env.REPORT_DUE_DAY);

interface ReminderJobEvent {
  readonly trigger?: 'schedule' | 'manual';
  readonly runId?: string;
}

export const handler = async (event: ReminderJobEvent, context: Context): Promise<ReminderRunResult> => {
  logger.addContext(context);
  try {
    const result = await runReminders({ store, dueDay, now });
    logger.info('Reminder run finished', { ...result, trigger: event?.trigger ?? 'schedule' });
    return result;
  } finally {
    if (event?.trigger === 'manual' && typeof event.runId === 'string') await lease.release(event.runId);
  }
};
