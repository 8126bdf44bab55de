import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  endsQuarter,
  endsYear,
  monthLabel,
  monthOfDate,
  monthOfPeriod,
  quarterLabel,
  quarterOfMonth,
  yearLabel,
  yearOfMonth,
} from '../../../../shared/domain/indicators/periods.ts';

describe('periods', () => {
  it('labels a month, its quarter and its year', () => {
    const september = monthOfPeriod('2026-09', 'period');

    expect([
      monthLabel(september),
      quarterLabel(quarterOfMonth(september)),
      yearLabel(yearOfMonth(september)),
    ]).toEqual(['2026-09', '2026-Q3', '2026']);
    expect([endsQuarter(september), endsYear(september)]).toEqual([true, false]);
    expect(monthOfDate('2026-09-30', 'date')).toBe(september);
  });

  it.each(['2026-00', '2026-13', '26-09', '2026-9', '2026/09', '2026-09-01', 'abcd-01'])(
    'refuses the period %s',
    (period) => {
      expect(() => monthOfPeriod(period, 'reports.0.period')).toThrow(
        /reports\.0\.period must be a month YYYY-MM/,
      );
    },
  );

  it.each(['2026-09', '2026-09-00', '2026-13-01', '2026-9-01', '2026-09-1x'])(
    'refuses the date %s',
    (date) => {
      expect(() => monthOfDate(date, 'committedOn')).toThrow(TypeError);
    },
  );

  it('reads back every label it writes', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 9999 * 12 + 11 }), (month) => {
        expect(monthOfPeriod(monthLabel(month), 'period')).toBe(month);
      }),
    );
  });
});
