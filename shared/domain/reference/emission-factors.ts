/**
 * Grid emission factors (reference data kept by admins): tonnes of CO2 per MWh of electricity in a
 * region and year, used for `grid_factor` baselines. Each change makes a new version; a report
 * stores the id, version and value it was computed with, so restating a factor never changes a
 * report already stored.
 *
 * Regions always start with the ISO 3166-1 code of their country, so that a report can check that
 * a factor belongs to its project's host country:
 * - a country: `JP`, `US`
 * - an ISO 3166-2 subdivision (checked against the real list): `JP-13`, `US-TX`
 * - a grid subregion, only with method `grid_subregion`: the country, `-`, and the grid's own code
 *   in uppercase letters, digits or `_` (2–16), e.g. `US-ERCT` (EPA eGRID subregion acronym),
 *   `US-ERCOT`, `JP-TEPCO` (a utility's service area). The grid code is free text, since no
 *   standard list spans both countries' grids.
 */
import * as z from 'zod/mini';
import { ValidationError } from '../errors.ts';
import { built } from '../pure.ts';
import { fieldErrorsFromZod } from '../validation.ts';
import '../zod-messages.ts';
import { isCountryCode, isSubdivisionCode } from './iso.ts';
import { httpsUrlSchema, sourceTitleSchema } from './source.ts';
import {
  type PutOutcome,
  putVersioned,
  type ReferenceContext,
  type VersionStamp,
  yearOf,
} from './versioning.ts';

/**
 * A factor's id, chosen by the admin and used in URLs and baselines: 3–64 lowercase letters,
 * digits, `.`, `_` or `-`, starting with a letter or digit (e.g. `jp-national-2023`, `us-erct-2022`).
 */
export const emissionFactorIdSchema = /* @__PURE__ */ built(() =>
  z
    .string()
    .check(
      z.regex(
        /^[a-z0-9][a-z0-9._-]{2,63}$/,
        'Must be 3–64 of a-z, 0-9, ".", "_" or "-", starting with a letter or digit',
      ),
    ),
);

export const emissionFactorMethods = [
  'national_average',
  'combined_margin',
  'operating_margin',
  'build_margin',
  'grid_subregion',
] as const;
export const emissionFactorMethodSchema = /* @__PURE__ */ built(() => z.enum(emissionFactorMethods));
export type EmissionFactorMethod = z.output<typeof emissionFactorMethodSchema>;

/** The first year a factor or FX rate may describe. */
export const firstReferenceYear = 1990;

const regionPattern = /^[A-Z]{2}(-[A-Z0-9_]{1,16})?$/;

/** A country, subdivision or grid subregion code; see the module comment. */
export const emissionFactorRegionSchema = /* @__PURE__ */ built(() =>
  z.string().check(
    z.regex(regionPattern, {
      error: 'Must be a country code (JP), a subdivision (JP-13) or a grid subregion (US-ERCT), in uppercase',
      abort: true,
    }),
    z.refine(
      (region) => isCountryCode(region.slice(0, 2)),
      'Must start with an ISO 3166-1 alpha-2 country code',
    ),
  ),
);

/** The ISO 3166-1 code of the country a region lies in. */
export function regionCountry(region: string): string {
  return region.slice(0, 2);
}

function checkRegionFitsMethod(
  factor: { readonly region: string; readonly method: EmissionFactorMethod },
  ctx: z.core.$RefinementCtx,
): void {
  const { region, method } = factor;
  if (!regionPattern.test(region)) return;
  const hasSuffix = region.length > 2;
  if (method === 'grid_subregion' && !hasSuffix) {
    ctx.addIssue({
      code: 'custom',
      path: ['region'],
      message: 'A grid_subregion factor needs a subregion code after the country, e.g. US-ERCT',
    });
  }
  if (method !== 'grid_subregion' && hasSuffix && !isSubdivisionCode(region)) {
    ctx.addIssue({
      code: 'custom',
      path: ['region'],
      message: `${region} is not an ISO 3166-2 subdivision; grid subregion codes need method grid_subregion`,
    });
  }
}

const emissionFactorFields = /* @__PURE__ */ built(() => ({
  region: emissionFactorRegionSchema,
  year: z.int().check(z.gte(firstReferenceYear)),
  tco2PerMwh: z
    .number()
    .check(
      z.gt(0, 'Must be more than 0 tCO2/MWh'),
      z.lte(2, 'Must be at most 2 tCO2/MWh (no grid emits more)'),
    ),
  method: emissionFactorMethodSchema,
  source: z.strictObject({ title: sourceTitleSchema, url: httpsUrlSchema }),
}));

/** `PUT /emission-factors/{id}`: the whole factor (the id is in the path). */
export const emissionFactorInputSchema = /* @__PURE__ */ built(() =>
  z.strictObject(emissionFactorFields).check(
    z.superRefine(checkRegionFitsMethod, {
      when: (payload) =>
        typeof payload.value === 'object' &&
        payload.value !== null &&
        !Array.isArray(payload.value) &&
        payload.issues.every((issue) => issue.path?.[0] !== 'region' && issue.path?.[0] !== 'method'),
    }),
  ),
);
export type EmissionFactorInput = z.output<typeof emissionFactorInputSchema>;

/** A factor as stored and returned. */
export const emissionFactorSchema = /* @__PURE__ */ built(() =>
  z.strictObject({
    id: emissionFactorIdSchema,
    ...emissionFactorFields,
    version: z.int().check(z.gte(1)),
    updatedAt: z.iso.datetime(),
    updatedBy: z.string(),
  }),
);
export type EmissionFactor = z.output<typeof emissionFactorSchema>;

/** The answer to a PUT: the factor now stored and what happened (`unchanged`: nothing to write). */
export interface EmissionFactorPut {
  readonly factor: EmissionFactor;
  readonly outcome: PutOutcome;
}

/**
 * Stores `input` as factor `id`: version 1 when `current` is undefined, the next version when the
 * content differs from `current`, and `current` itself (outcome `unchanged`) when it does not.
 * `input` is the parsed body; the year is checked here because it needs today.
 * @throws ValidationError naming `id` (not a valid id) or `year` (after the current year)
 */
export function putEmissionFactor(
  current: EmissionFactor | undefined,
  id: string,
  input: EmissionFactorInput,
  ctx: ReferenceContext,
): EmissionFactorPut {
  if (current !== undefined && current.id !== id) {
    throw new TypeError(`The current factor is ${current.id}, not ${id}`);
  }
  const errors = [];
  const idResult = emissionFactorIdSchema.safeParse(id);
  if (!idResult.success) {
    errors.push(...fieldErrorsFromZod(idResult.error).map((error) => ({ ...error, path: 'id' })));
  }
  const currentYear = yearOf(ctx.now);
  if (input.year > currentYear) {
    errors.push({ path: 'year', message: `Must not be after the current year (${currentYear})` });
  }
  if (errors.length > 0) throw new ValidationError(errors);

  const { region, year, tco2PerMwh, method, source } = input;
  const content: Omit<EmissionFactor, keyof VersionStamp> = {
    id,
    region,
    year,
    tco2PerMwh,
    method,
    source: { title: source.title, url: source.url },
  };
  const { record, outcome } = putVersioned(current, content, ctx);
  return { factor: record, outcome };
}
