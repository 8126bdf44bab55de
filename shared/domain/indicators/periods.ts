/**
 * Calendar periods as integers, so that the computation compares and steps through months without
 * building strings: a month is `year × 12 + (month − 1)`, a quarter `year × 4 + (quarter − 1)`.
 * Months roll up exactly: month `m` lies in quarter `⌊m / 3⌋` and year `⌊m / 12⌋`.
 */

const digitZero = 48;
const hyphen = 45;

/** The number written by the decimal digits `text[from, to)`, or −1 if one of them is not a digit. */
function digitsAt(text: string, from: number, to: number): number {
  let value = 0;
  for (let i = from; i < to; i++) {
    const digit = text.charCodeAt(i) - digitZero;
    if (digit < 0 || digit > 9) return -1;
    value = value * 10 + digit;
  }
  return value;
}

/** The month of `YYYY-MM…` (a period, or the start of a date), or −1 when the text does not start so. */
function monthAt(text: string): number {
  if (text.charCodeAt(4) !== hyphen) return -1;
  const year = digitsAt(text, 0, 4);
  const month = digitsAt(text, 5, 7);
  if (year < 0 || month < 1 || month > 12) return -1;
  return year * 12 + month - 1;
}

/**
 * The month index of a period `YYYY-MM`.
 * @throws TypeError naming `what` when the text is not such a period
 */
export function monthOfPeriod(period: string, what: string): number {
  const month = period.length === 7 ? monthAt(period) : -1;
  if (month < 0) throw new TypeError(`${what} must be a month YYYY-MM, got ${JSON.stringify(period)}`);
  return month;
}

/**
 * The month index of the month a date `YYYY-MM-DD` falls in. A date is in force at the end of its
 * month, so the day does not matter here (the schemas check that it exists).
 * @throws TypeError naming `what` when the text is not such a date
 */
export function monthOfDate(date: string, what: string): number {
  const month = date.length === 10 && date.charCodeAt(7) === hyphen ? monthAt(date) : -1;
  if (month < 0 || digitsAt(date, 8, 10) < 1) {
    throw new TypeError(`${what} must be a date YYYY-MM-DD, got ${JSON.stringify(date)}`);
  }
  return month;
}

export function quarterOfMonth(month: number): number {
  return Math.floor(month / 3);
}

export function yearOfMonth(month: number): number {
  return Math.floor(month / 12);
}

/** True when `month` is the last month of its quarter. */
export function endsQuarter(month: number): boolean {
  return month % 3 === 2;
}

/** True when `month` is December. */
export function endsYear(month: number): boolean {
  return month % 12 === 11;
}

function fourDigits(year: number): string {
  return String(year).padStart(4, '0');
}

/** `2026-09`. */
export function monthLabel(month: number): string {
  return `${fourDigits(yearOfMonth(month))}-${String((month % 12) + 1).padStart(2, '0')}`;
}

/** `2026-Q3`. */
export function quarterLabel(quarter: number): string {
  return `${fourDigits(Math.floor(quarter / 4))}-Q${(quarter % 4) + 1}`;
}

/** `2026`. */
export function yearLabel(year: number): string {
  return fourDigits(year);
}
