import { describe, expect, it } from 'vitest';
import { defaultIndicatorSchedule, rateIntervalMs } from '../../shared/schedule.ts';

describe('rateIntervalMs', () => {
  it.each([
    ['rate(1 day)', 86_400_000],
    ['rate(5 minutes)', 300_000],
    ['rate(1 minute)', 60_000],
    ['rate(2 hours)', 7_200_000],
  ])('reads %s', (expression, expected) => {
    expect(rateIntervalMs(expression)).toBe(expected);
  });

  it.each(['cron(0 3 * * ? *)', 'rate(0 days)', 'rate(1 fortnight)', 'daily'])('refuses %s', (expression) => {
    expect(() => rateIntervalMs(expression)).toThrow(/Not a rate expression/);
  });

  it('reads the default schedule as daily', () => {
    expect(rateIntervalMs(defaultIndicatorSchedule)).toBe(86_400_000);
  });
});
