/**
 * ISO code lists the tracker validates against: ISO 3166-1 alpha-2 countries, ISO 3166-2
 * subdivisions and ISO 4217 currencies.
 *
 * Why these sources:
 * - Countries and subdivisions come from `iso-3166` (wooorm): data only, no dependencies, ESM, and
 *   kept current (4.4.0, March 2026). Its full tables (names included) are 385 KB of source and added
 *   about 30 ms to a cold start when bundled, so the runtime reads a generated, codes-only copy
 *   (`iso-3166-codes.ts`, 20 KB) and the package stays a dev dependency that a unit test compares the
 *   copy with. The other candidates were larger (`country-state-city` ships cities, `i18n-iso-countries`
 *   ships names in many languages), CommonJS-only, or older (`iso-3166-2`, `iso3166-2-db`).
 * - Currencies come from zod itself (`z.currencyCode()`, the ISO 4217 list one as published by SIX,
 *   which zod regenerates): already in every bundle, and fresher than `currency-codes` 2.2.0, which
 *   still lists ANG, BGN and CUC and lacks XCG. It is the list of current codes: an investment in a
 *   withdrawn currency (e.g. HRK before Croatia joined the euro) has to be entered in its successor.
 */
import { readFileSync } from 'node:fs';
import * as z from 'zod/mini';
import { built } from '../pure.ts';
import '../zod-messages.ts';
import { countryCodeList } from './iso-3166-codes.ts';

/** Every assigned ISO 3166-1 alpha-2 code, sorted. */
export const countryCodes: readonly [string, ...string[]] = /* @__PURE__ */ built(() =>
  toNonEmpty(countryCodeList.split(' ')),
);

const assignedCountries = /* @__PURE__ */ built(() => new Set(countryCodes));

/**
 * The file of ISO 3166-2 codes, read beside this module: in the source tree, and beside each
 * Lambda bundle, where the stack copies it (`besideBundleFiles` in `shared/bundle-files.ts`).
 */
export const subdivisionsFile = 'iso-3166-2.json';

let subdivisionSuffixes: Readonly<Record<string, string>> | undefined;

/** Each country with subdivisions and their codes' suffixes, read on first use (18 KB no bundle carries). */
function subdivisionSuffixesByCountry(): Readonly<Record<string, string>> {
  subdivisionSuffixes ??= JSON.parse(readFileSync(new URL(`./${subdivisionsFile}`, import.meta.url), 'utf8'));
  return subdivisionSuffixes as Readonly<Record<string, string>>;
}

function toNonEmpty(values: string[]): [string, ...string[]] {
  const [first, ...rest] = values;
  if (first === undefined) throw new Error('The ISO 3166 code list is empty');
  return [first, ...rest];
}

/** True for an assigned ISO 3166-1 alpha-2 code (uppercase, e.g. `JP`); reserved codes such as `EU` are not. */
export function isCountryCode(code: string): boolean {
  return assignedCountries.has(code);
}

const hyphen = 45;

/** True for an ISO 3166-2 subdivision code (e.g. `JP-13`, `US-TX`, `GB-BFS`). */
export function isSubdivisionCode(code: string): boolean {
  // Looked up in the country's space-separated suffixes rather than in a set of every code built at
  // module load: building that set (about 5,000 strings) was a measurable part of a cold start, and a
  // request checks one or two codes at most.
  if (code.charCodeAt(2) !== hyphen) return false;
  const country = code.slice(0, 2);
  const suffix = code.slice(3);
  if (suffix === '' || suffix.includes(' ') || !assignedCountries.has(country)) return false;
  const byCountry = subdivisionSuffixesByCountry();
  const suffixes = Object.hasOwn(byCountry, country) ? byCountry[country] : undefined;
  return suffixes !== undefined && suffixes !== '' && ` ${suffixes} `.includes(` ${suffix} `);
}

/** True when `subdivision` is a subdivision of `country` (ISO 3166-2 codes start with their country's code). */
export function isSubdivisionOf(subdivision: string, country: string): boolean {
  return isSubdivisionCode(subdivision) && subdivision.startsWith(`${country}-`);
}

/** True for a current ISO 4217 alphabetic currency code (e.g. `JPY`). */
export function isCurrencyCode(code: string): boolean {
  return currencyCodeSchema.safeParse(code).success;
}

/** An ISO 3166-1 alpha-2 code; the JSON Schema lists the codes. */
export const countryCodeSchema = /* @__PURE__ */ built(() =>
  z.enum(countryCodes, {
    error: 'Must be an assigned ISO 3166-1 alpha-2 country code, in uppercase (e.g. JP, US)',
  }),
);

/** An ISO 3166-2 subdivision code; the JSON Schema gives its shape, the check uses the real list. */
export const subdivisionCodeSchema = /* @__PURE__ */ built(() =>
  z.string().check(
    z.regex(/^[A-Z]{2}-[A-Z0-9]{1,3}$/, {
      error: 'Must be an ISO 3166-2 subdivision code, in uppercase (e.g. JP-13, US-TX)',
      abort: true,
    }),
    z.refine(isSubdivisionCode, 'Not an ISO 3166-2 subdivision code'),
  ),
);

/** An ISO 4217 alphabetic currency code. */
export const currencyCodeSchema = /* @__PURE__ */ built(() =>
  z.currencyCode('Must be an ISO 4217 currency code, in uppercase (e.g. JPY, USD)'),
);
