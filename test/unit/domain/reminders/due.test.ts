import { describe, expect, it } from 'vitest';
import { overdueMonth, reminderDue, reportDueDay } from '../../../../shared/domain/reminders/due.ts';

describe('overdueMonth', () => {
  it.each([
    ['2026-12-03', 15, '2026-10', '2026-11-15'],
    ['2026-12-15', 15, '2026-10', '2026-11-15'],
    ['2026-12-16', 15, '2026-11', '2026-12-15'],
    ['2027-01-01', 15, '2026-11', '2026-12-15'],
    ['2027-02-16', 15, '2027-01', '2027-02-15'],
    ['2026-03-02', 1, '2026-02', '2026-03-01'],
    ['2026-03-01', 1, '2026-01', '2026-02-01'],
  ])('on %s with reports due by day %i is %s, due by %s', (today, dueDay, period, dueOn) => {
    expect(overdueMonth(today, dueDay)).toEqual({ period, dueOn });
  });
});

describe('reminderDue', () => {
  it('is the first when nothing was sent, the second a week after the first, then none', () => {
    expect(reminderDue(undefined, '2026-12-03')).toBe(1);
    expect(reminderDue({ reminders: 1, firstSentOn: '2026-12-03' }, '2026-12-09')).toBeUndefined();
    expect(reminderDue({ reminders: 1, firstSentOn: '2026-12-03' }, '2026-12-10')).toBe(2);
    expect(reminderDue({ reminders: 2, firstSentOn: '2026-12-03' }, '2027-06-01')).toBeUndefined();
  });
});

describe('reportDueDay', () => {
  it('is 15 unless configured, and a day every month has', () => {
    expect(reportDueDay(undefined)).toBe(15);
    expect(reportDueDay('10')).toBe(10);
    for (const bad of ['0', '29', '7.5', 'soon']) expect(() => reportDueDay(bad)).toThrow(RangeError);
  });
});
