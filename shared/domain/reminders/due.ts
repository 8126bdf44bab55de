/**
 * When a month's report is overdue and which reminder is due (`docs/events.md`, ReportDue): a
 * month's report is due by the day of grace of the following month (the 15th unless configured);
 * the day after, the month is overdue. Only the latest overdue month is reminded of: on 3 December
 * that is October (November's is not due before 15 December). A project gets a first reminder, a
 * second one seven days later at the earliest, and never a third.
 */

/** The day of the following month a report is due by, unless configured otherwise. */
export const defaultReportDueDay = 15;
/** Days between the first and the second reminder. */
export const secondReminderAfterDays = 7;

const pad = (n: number) => String(n).padStart(2, '0');

/**
 * The day of grace as configured (`REPORT_DUE_DAY`): a day every month has, 1 to 28.
 * @throws RangeError for anything else
 */
export function reportDueDay(value: string | undefined): number {
  if (value === undefined || value === '') return defaultReportDueDay;
  const day = Number(value);
  if (!Number.isInteger(day) || day < 1 || day > 28) {
    throw new RangeError(`REPORT_DUE_DAY must be a whole day from 1 to 28, not "${value}"`);
  }
  return day;
}

/** The latest month whose report was due before `today` (`YYYY-MM-DD`), and the day it was due by. */
export function overdueMonth(today: string, dueDay = defaultReportDueDay): { period: string; dueOn: string } {
  const [year, month, day] = today.split('-').map(Number) as [number, number, number];
  // The month whose deadline falls in the current month is the previous one; if today is not past
  // that deadline yet, it is the one before.
  const monthsBack = day > dueDay ? 1 : 2;
  const period = new Date(Date.UTC(year, month - 1 - monthsBack, 1));
  const due = new Date(Date.UTC(period.getUTCFullYear(), period.getUTCMonth() + 1, dueDay));
  return {
    period: `${period.getUTCFullYear()}-${pad(period.getUTCMonth() + 1)}`,
    dueOn: `${due.getUTCFullYear()}-${pad(due.getUTCMonth() + 1)}-${pad(due.getUTCDate())}`,
  };
}

/** What was sent for a project's month: how many reminders, and the day of the first. */
export interface SentReminders {
  readonly reminders: 1 | 2;
  readonly firstSentOn: string;
}

/** The reminder due `today` after what was sent, if any: the first, the second a week on, then none. */
export function reminderDue(sent: SentReminders | undefined, today: string): 1 | 2 | undefined {
  if (sent === undefined) return 1;
  if (sent.reminders >= 2) return undefined;
  return today >= addDays(sent.firstSentOn, secondReminderAfterDays) ? 2 : undefined;
}

/** `date` (`YYYY-MM-DD`) plus `days`. */
export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}
