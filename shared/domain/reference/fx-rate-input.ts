/**
 * Writing FX rates (`PUT /fx-rates/{currency}/{year}`, admins only): the body, the path parameters
 * and the versioning of a rate. A rate is the annual average USD value of one unit of a currency
 * (`usdPerUnit`, e.g. JPY 2024 ≈ 0.0066); how projects use it is in `projects/project.ts`.
 */
import * as z from 'zod/mini';
import { type FieldError, ValidationError } from '../errors.ts';
import { built } from '../pure.ts';
import { fieldErrorsFromZod, storable } from '../validation.ts';
import '../zod-messages.ts';
import { firstReferenceYear } from './emission-factors.ts';
import type { FxRate } from './fx.ts';
import { currencyCodeSchema } from './iso.ts';
import { httpsUrlSchema, sourceTitleSchema } from './source.ts';
import {
  type PutOutcome,
  putVersioned,
  type ReferenceContext,
  type VersionStamp,
  yearOf,
} from './versioning.ts';

/** A currency that needs a rate: any current ISO 4217 code except USD, whose amounts are taken as they are. */
export const fxCurrencySchema = /* @__PURE__ */ built(() =>
  currencyCodeSchema.check(
    z.refine((currency) => currency !== 'USD', 'USD needs no rate: amounts in USD are taken as they are'),
  ),
);

/** The year of a rate; the upper bound (the current year) is checked where today is known. */
export const fxYearSchema = /* @__PURE__ */ built(() => z.int().check(z.gte(firstReferenceYear)));

/**
 * `PUT /fx-rates/{currency}/{year}`. The source URL is optional (unlike an emission factor's): a
 * rate may come from a printed statistical yearbook, and the sample rates shipped for local use have
 * none, saying in the title that they are samples.
 */
export const fxRateInputSchema = /* @__PURE__ */ built(() =>
  z.strictObject({
    usdPerUnit: storable(
      z
        .number()
        .check(
          z.gt(0, 'Must be more than 0 (US dollars per one unit of the currency)'),
          z.lte(1e6, 'Must be at most 1e6'),
        ),
    ),
    source: z.strictObject({ title: sourceTitleSchema, url: z.optional(httpsUrlSchema) }),
  }),
);
export type FxRateInput = z.output<typeof fxRateInputSchema>;

/** A rate as stored and returned: the rate, its version and who stored it when. */
export interface FxRateRecord extends FxRate, VersionStamp {}

export const fxRateRecordSchema = /* @__PURE__ */ built(() =>
  z.strictObject({
    currency: z.string(),
    year: z.int(),
    usdPerUnit: z.number(),
    source: z.strictObject({ title: z.string(), url: z.optional(z.string()) }),
    version: z.int().check(z.gte(1)),
    updatedAt: z.iso.datetime(),
    updatedBy: z.string(),
  }),
);

/** The (currency, year) a rate is stored under. */
export interface FxRateKey {
  readonly currency: string;
  readonly year: number;
}

function keyErrors(currency: string, year: number | string, now: string): FieldError[] {
  const errors: FieldError[] = [];
  const currencyResult = fxCurrencySchema.safeParse(currency);
  if (!currencyResult.success) {
    errors.push(...fieldErrorsFromZod(currencyResult.error).map((error) => ({ ...error, path: 'currency' })));
  }
  const currentYear = yearOf(now);
  const yearNumber = typeof year === 'number' ? year : /^\d{4}$/.test(year) ? Number(year) : Number.NaN;
  if (!Number.isInteger(yearNumber) || yearNumber < firstReferenceYear || yearNumber > currentYear) {
    errors.push({
      path: 'year',
      message: `Must be a year from ${firstReferenceYear} to the current year (${currentYear})`,
    });
  }
  return errors;
}

/**
 * The key of `PUT /fx-rates/{currency}/{year}` from its path parameters (strings, as routes give them).
 * @throws ValidationError naming `currency` (not ISO 4217, or USD) and `year` (not 1990 … current year)
 */
export function parseFxRateKey(currency: string, year: string, now: string): FxRateKey {
  const errors = keyErrors(currency, year, now);
  if (errors.length > 0) throw new ValidationError(errors);
  return { currency, year: Number(year) };
}

/** The answer to a PUT: the rate now stored and what happened (`unchanged`: nothing to write). */
export interface FxRatePut {
  readonly rate: FxRateRecord;
  readonly outcome: PutOutcome;
}

/**
 * Stores `input` as the rate of `currency` in `year`: version 1 when `current` is undefined, the
 * next version when the content differs, and `current` itself (outcome `unchanged`) when it does not.
 * @throws ValidationError naming `currency` or `year` when the key is not one a rate may have
 */
export function putFxRate(
  current: FxRateRecord | undefined,
  currency: string,
  year: number,
  input: FxRateInput,
  ctx: ReferenceContext,
): FxRatePut {
  if (current !== undefined && (current.currency !== currency || current.year !== year)) {
    throw new TypeError(`The current rate is ${current.currency} ${current.year}, not ${currency} ${year}`);
  }
  const errors = keyErrors(currency, year, ctx.now);
  if (errors.length > 0) throw new ValidationError(errors);

  const content: Omit<FxRateRecord, keyof VersionStamp> = {
    currency,
    year,
    usdPerUnit: input.usdPerUnit,
    source:
      input.source.url === undefined
        ? { title: input.source.title }
        : { title: input.source.title, url: input.source.url },
  };
  const { record, outcome } = putVersioned(current, content, ctx);
  return { rate: record, outcome };
}
