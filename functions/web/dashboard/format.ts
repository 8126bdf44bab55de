/** How the dashboard writes numbers: `Intl.NumberFormat` in English, units spelled out beside them. */

const locale = 'en-US';

const formats = {
  mw: new Intl.NumberFormat(locale, { maximumFractionDigits: 1 }),
  tco2e: new Intl.NumberFormat(locale, { maximumFractionDigits: 0 }),
  usd: new Intl.NumberFormat(locale, {
    style: 'currency',
    currency: 'USD',
    notation: 'compact',
    // Explicit: engines disagree on the default minimum for compact currency ("$0" or "$0.0").
    minimumFractionDigits: 0,
    maximumFractionDigits: 1,
  }),
  productivity: new Intl.NumberFormat(locale, { maximumFractionDigits: 2 }),
  percent: new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 }),
  signedPercent: new Intl.NumberFormat(locale, {
    style: 'percent',
    maximumFractionDigits: 1,
    signDisplay: 'exceptZero',
  }),
  points: new Intl.NumberFormat(locale, { maximumFractionDigits: 1, signDisplay: 'exceptZero' }),
};

/** The kinds of number the dashboard shows. */
export type NumberKind = 'mw' | 'tco2e' | 'usd' | 'productivity' | 'percent';

const units: Readonly<Record<NumberKind, string>> = {
  mw: ' MW',
  tco2e: ' tCO₂e',
  usd: '',
  productivity: ' tCO₂e per million USD',
  percent: '',
};

/** A value with its unit, or "not available" for the API's nulls. */
export function formatValue(kind: NumberKind, value: number | null): string {
  if (value === null) return 'not available';
  return `${formats[kind].format(value)}${units[kind]}`;
}

/** A value without its unit (chart axes and tables, whose headers carry the unit). */
export function formatNumber(kind: NumberKind, value: number): string {
  return formats[kind].format(value);
}

/** A relative change (0.12 → "+12%"), or null when there is none to show. */
export function formatGrowth(growth: number | null): string | null {
  return growth === null ? null : formats.signedPercent.format(growth);
}

/** A change of a ratio in percentage points (0.5 → 0.55 is "+5 pp"). */
export function formatPointChange(change: number | null): string | null {
  return change === null ? null : `${formats.points.format(change * 100)} pp`;
}

const dateTime = new Intl.DateTimeFormat(locale, {
  dateStyle: 'medium',
  timeStyle: 'short',
  timeZone: 'UTC',
});

/** An ISO timestamp as a UTC date and time. */
export function formatTimestamp(iso: string): string {
  return `${dateTime.format(new Date(iso))} UTC`;
}
