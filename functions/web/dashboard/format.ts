/**
 * How the dashboard writes numbers, dates, periods and country names in the reader's language:
 * `Intl` formatters for the language's locale, units from the catalogue (`shared/i18n`).
 */
import { intlLocales, type Language, type Translator, translator } from '../../../shared/i18n/catalogue.ts';
import type { Granularity } from './api.ts';

/** The kinds of number the dashboard shows. */
export type NumberKind = 'mw' | 'tco2e' | 'usd' | 'productivity' | 'percent';

/** Everything that writes a value for the reader, in one language. */
export interface Formatter {
  readonly language: Language;
  readonly t: Translator;
  /** A value with its unit, or "not available" for the API's nulls. */
  value(kind: NumberKind, value: number | null): string;
  /** A value without its unit (chart axes and tables, whose headers carry the unit). */
  number(kind: NumberKind, value: number): string;
  /** A relative change (0.12 → "+12%"), or null when there is none to show. */
  growth(growth: number | null): string | null;
  /** A change of a ratio in percentage points (0.5 → 0.55 is "+5 pp"). */
  pointChange(change: number | null): string | null;
  /** An ISO timestamp as a UTC date and time. */
  timestamp(iso: string): string;
  /** A period code (`2026`, `2026-Q3`, `2026-09`) as the reader writes it. */
  period(granularity: Granularity, period: string): string;
  /** A country code as the country's name, or the code itself when `Intl` has no name for it. */
  country(code: string): string;
  /** Items as a list in a sentence ("a, b, and c"; 「a、b、c」). */
  list(items: readonly string[]): string;
}

const formatters = new Map<Language, Formatter>();

/** The formatter of a language (built once). */
export function formatterFor(language: Language): Formatter {
  let formatter = formatters.get(language);
  if (!formatter) {
    formatter = buildFormatter(language);
    formatters.set(language, formatter);
  }
  return formatter;
}

function buildFormatter(language: Language): Formatter {
  const locale = intlLocales[language];
  const t = translator(language);
  const numbers: Readonly<Record<NumberKind | 'signedPercent' | 'points', Intl.NumberFormat>> = {
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
  const dateTime = new Intl.DateTimeFormat(locale, {
    dateStyle: 'medium',
    timeStyle: 'short',
    timeZone: 'UTC',
  });
  const regions = new Intl.DisplayNames([locale], { type: 'region', fallback: 'code' });
  const lists = new Intl.ListFormat(locale, { style: 'long', type: 'conjunction' });
  const withUnit = (kind: NumberKind, text: string): string => {
    if (kind === 'mw') return t('unit.mw', { value: text });
    if (kind === 'tco2e') return t('unit.tco2e', { value: text });
    if (kind === 'productivity') return t('unit.productivity', { value: text });
    return text;
  };
  return {
    language,
    t,
    value: (kind, value) =>
      value === null ? t('dashboard.notAvailable') : withUnit(kind, numbers[kind].format(value)),
    number: (kind, value) => numbers[kind].format(value),
    growth: (growth) => (growth === null ? null : numbers.signedPercent.format(growth)),
    pointChange: (change) =>
      change === null ? null : t('unit.percentPoints', { value: numbers.points.format(change * 100) }),
    timestamp: (iso) => t('unit.utc', { value: dateTime.format(new Date(iso)) }),
    period: (granularity, period) => {
      const year = period.slice(0, 4);
      if (granularity === 'year') return t('period.year', { year });
      if (granularity === 'quarter') return t('period.quarter', { year, quarter: period.slice(6) });
      // The month as a number in Japanese (9月), as the code in English (2026-09, unchanged).
      const month = language === 'en' ? period.slice(5) : String(Number(period.slice(5)));
      return t('period.month', { year, month });
    },
    country: (code) => {
      // DisplayNames throws on codes that are not well-formed region subtags.
      if (!/^[A-Z]{2}$/.test(code)) return code;
      return regions.of(code) ?? code;
    },
    list: (items) => lists.format(items),
  };
}
