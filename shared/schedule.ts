/**
 * The indicator job's schedule, defined once: CDK gives it to EventBridge Scheduler and the local
 * runtime runs the job on it (or on a local override).
 */

export interface IndicatorScheduleEvent {
  readonly source: 'jucip.scheduler';
  readonly trigger: 'schedule';
  /** When this invocation was scheduled, ISO 8601: the job derives the run id from it. */
  readonly scheduledTime: string;
}

/** EventBridge Scheduler replaces this placeholder in the input with the invocation's scheduled time. */
export const scheduledTimePlaceholder = '<aws.scheduler.scheduled-time>';

/** EventBridge Scheduler expression; overridden per stage by the `indicatorSchedule` context value. */
export const defaultIndicatorSchedule = 'rate(1 day)';

/** The input template EventBridge Scheduler sends to the indicator function on every invocation. */
export const indicatorScheduleEvent: IndicatorScheduleEvent = {
  source: 'jucip.scheduler',
  trigger: 'schedule',
  scheduledTime: scheduledTimePlaceholder,
};

/** The event for one invocation scheduled at `time`, as EventBridge Scheduler fills the template in. */
export function scheduledEventAt(time: Date): IndicatorScheduleEvent {
  return { ...indicatorScheduleEvent, scheduledTime: time.toISOString() };
}

const rateUnitsMs = {
  minute: 60_000,
  minutes: 60_000,
  hour: 3_600_000,
  hours: 3_600_000,
  day: 86_400_000,
  days: 86_400_000,
} as const;

/**
 * Interval of an EventBridge Scheduler `rate(...)` expression in milliseconds.
 * @throws Error when the expression is not a rate expression.
 */
export function rateIntervalMs(expression: string): number {
  const match = /^rate\((\d+) (minutes?|hours?|days?)\)$/.exec(expression.trim());
  const unit = match?.[2] as keyof typeof rateUnitsMs | undefined;
  const amount = Number(match?.[1]);
  if (!unit || !Number.isInteger(amount) || amount < 1) {
    throw new Error(
      `Not a rate expression: "${expression}" (expected e.g. "rate(1 day)" or "rate(5 minutes)")`,
    );
  }
  return amount * rateUnitsMs[unit];
}

/** The reminder job's schedule (`docs/events.md`): CDK gives it to EventBridge Scheduler, the local runtime runs it. */
export const defaultReminderSchedule = 'rate(1 day)';

/** What the reminder job receives from its schedule (the same fields as the indicator job's event). */
export type ReminderScheduleEvent = IndicatorScheduleEvent;

/** The input template EventBridge Scheduler sends to the reminder job on every invocation. */
export const reminderScheduleEvent: ReminderScheduleEvent = indicatorScheduleEvent;
