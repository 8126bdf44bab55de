/**
 * The metric report's request and record schemas (monthly MRV: measurement, reporting,
 * verification), defined once: they validate request bodies, give the TypeScript types, and feed
 * the OpenAPI document (`z.toJSONSchema(schema, { io: 'input' })`).
 *
 * Rules that need today, the project or reference data (the period's bounds, the emission factor)
 * are checked by the operations in `report.ts`.
 */
import * as z from 'zod/mini';
import { documentIdSchema } from '../documents/ids.ts';
import { built } from '../pure.ts';
import { emissionFactorIdSchema } from '../reference/emission-factors.ts';
import { httpsUrlSchema } from '../reference/source.ts';
import { storable } from '../validation.ts';
import '../zod-messages.ts';
import { gases, gasSchema, gwpSetSchema } from './gwp.ts';

/** Every number in a report is finite (zod refuses NaN and ±Infinity) and at most this. */
export const maxReportedQuantity = 1e9;

/** A non-negative quantity a submitter reports, in the unit its field name gives. */
const quantitySchema = /* @__PURE__ */ built(() =>
  storable(
    z
      .number()
      .check(
        z.gte(0, 'Must not be negative'),
        z.lte(maxReportedQuantity, `Must be at most ${maxReportedQuantity.toExponential()}`),
      ),
  ),
);

/**
 * A reporting month `YYYY-MM` (01–12). Whether a month may be reported for a project (not in the
 * future, not long before construction) is decided in `report.ts`.
 */
export const periodSchema = /* @__PURE__ */ built(() =>
  z.string().check(z.regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'Must be a month YYYY-MM, e.g. 2025-04')),
);
export type Period = z.output<typeof periodSchema>;

/** Tonnes of one gas emitted by the project in the month. */
export const gasEmissionSchema = /* @__PURE__ */ built(() =>
  z.strictObject({
    gas: gasSchema,
    tonnes: quantitySchema,
  }),
);
export type GasEmission = z.output<typeof gasEmissionSchema>;

/** Each gas at most once; a repeat is named at its own `gas` field (`projectEmissions.2.gas`). */
export const projectEmissionsSchema = /* @__PURE__ */ built(() =>
  z.array(gasEmissionSchema).check(
    z.maxLength(gases.length),
    z.superRefine(
      (emissions, ctx) => {
        const firstIndex = new Map<string, number>();
        for (const [index, { gas }] of emissions.entries()) {
          const first = firstIndex.get(gas);
          if (first === undefined) firstIndex.set(gas, index);
          else {
            ctx.addIssue({
              code: 'custom',
              path: [index, 'gas'],
              message: `${gas} is already given in projectEmissions.${first}; list each gas once`,
            });
          }
        }
      },
      // Run although some tonnes are bad, so that one response names every bad field.
      {
        when: (payload) =>
          Array.isArray(payload.value) &&
          payload.value.every((emission) => typeof emission === 'object' && emission !== null) &&
          payload.issues.every((issue) => issue.path?.[1] !== 'gas'),
      },
    ),
  ),
);

export const baselineMethods = ['explicit', 'grid_factor'] as const;
export type BaselineMethod = (typeof baselineMethods)[number];

/**
 * What the project's output would have emitted without it: a figure the submitter computed
 * (`explicit`), or the month's generation times a grid emission factor kept by admins (`grid_factor`).
 */
export const baselineSchema = /* @__PURE__ */ built(() =>
  z.discriminatedUnion('method', [
    z.strictObject({ method: z.literal('explicit'), tco2e: quantitySchema }),
    z.strictObject({ method: z.literal('grid_factor'), factorId: emissionFactorIdSchema }),
  ]),
);
export type Baseline = z.output<typeof baselineSchema>;

/** The fields a submitter sends; shared by the request and the stored record. */
const reportedFields = /* @__PURE__ */ built(() => ({
  /** Net electricity delivered in the month; optional for technologies that generate none. */
  generationMwh: z.optional(quantitySchema),
  /** May be empty (a month without project emissions), but must be given. */
  projectEmissions: projectEmissionsSchema,
  baseline: baselineSchema,
  methodology: z.optional(z.string().check(z.trim(), z.minLength(1), z.maxLength(100))),
  /** 1 (best: metered, third-party data) … 5 (worst: rough estimate). */
  dataQuality: z.int('Must be a whole number from 1 to 5').check(z.gte(1), z.lte(5)),
  evidenceUrls: z.optional(z.array(httpsUrlSchema).check(z.maxLength(10))),
  /** Evidence documents of the same project, `available` when the report is submitted (`docs/evidence.md`). */
  documentIds: z.optional(
    z.array(documentIdSchema).check(
      z.maxLength(20),
      z.superRefine((ids, ctx) => {
        for (const [index, id] of ids.entries()) {
          if (ids.indexOf(id) !== index) {
            ctx.addIssue({
              code: 'custom',
              path: [index],
              message: `${id} is already listed; list each document once`,
            });
          }
        }
      }),
    ),
  ),
}));

function checkBaselineHasGeneration(
  report: { readonly baseline: Baseline; readonly generationMwh?: number | undefined },
  ctx: z.core.$RefinementCtx,
): void {
  if (report.baseline.method === 'grid_factor' && report.generationMwh === undefined) {
    ctx.addIssue({
      code: 'custom',
      path: ['generationMwh'],
      message: 'A grid_factor baseline needs the month’s generationMwh',
    });
  }
}

/** Runs the generation check although other fields are bad, as long as the two it reads are fine. */
const whenBaselineAndGenerationValid = {
  when: (payload: z.core.ParsePayload) =>
    typeof payload.value === 'object' &&
    payload.value !== null &&
    !Array.isArray(payload.value) &&
    payload.issues.every((issue) => issue.path?.[0] !== 'baseline' && issue.path?.[0] !== 'generationMwh'),
};

/** `PUT /projects/{id}/metrics/{period}`: one month's report (or its restatement). */
export const metricReportInputSchema = /* @__PURE__ */ built(() =>
  z
    .strictObject({
      ...reportedFields,
      leakageTco2e: z._default(quantitySchema, 0),
      gwpSet: z._default(gwpSetSchema, 'AR6'),
    })
    .check(z.superRefine(checkBaselineHasGeneration, whenBaselineAndGenerationValid)),
);
export type MetricReportInput = z.output<typeof metricReportInputSchema>;

export const verificationDecisions = ['verified', 'rejected'] as const;
export const verificationDecisionSchema = /* @__PURE__ */ built(() => z.enum(verificationDecisions));
export type VerificationDecision = z.output<typeof verificationDecisionSchema>;

/** `POST /projects/{id}/metrics/{period}/verification`. */
export const verificationSchema = /* @__PURE__ */ built(() =>
  z.strictObject({
    decision: verificationDecisionSchema,
    comment: z.string().check(z.trim(), z.minLength(1), z.maxLength(2000)),
  }),
);
export type VerificationInput = z.output<typeof verificationSchema>;

export const verificationStates = ['self_reported', 'verified', 'rejected'] as const;
export const verificationStateSchema = /* @__PURE__ */ built(() => z.enum(verificationStates));
export type VerificationState = z.output<typeof verificationStateSchema>;

/**
 * A revision's verification: `self_reported` (every new revision) carries nothing else; `verified`
 * and `rejected` carry who decided, when, and the reviewer's comment.
 */
export const verificationRecordSchema = /* @__PURE__ */ built(() =>
  z
    .strictObject({
      state: verificationStateSchema,
      by: z.optional(z.string()),
      at: z.optional(z.iso.datetime()),
      comment: z.optional(z.string()),
      /**
       * The report's evidence documents as the reviewer saw them: each id with the SHA-256 of its
       * content, so that the decision can later be tied to exactly those bytes.
       */
      documents: z.optional(z.array(z.strictObject({ id: z.string(), sha256: z.string() }))),
    })
    .check(
      z.superRefine((verification, ctx) => {
        const decided = verification.state !== 'self_reported';
        for (const field of ['by', 'at', 'comment'] as const) {
          if (decided !== (verification[field] !== undefined)) {
            ctx.addIssue({
              code: 'custom',
              path: [field],
              message: decided
                ? `A ${verification.state} report names ${field}`
                : `A self_reported report has no ${field}`,
            });
          }
        }
      }),
    ),
);
export type VerificationRecord = z.output<typeof verificationRecordSchema>;

/** The emission factor a `grid_factor` baseline was computed with, as it was then. */
export const factorUsedSchema = /* @__PURE__ */ built(() =>
  z.strictObject({
    id: z.string(),
    version: z.int().check(z.gte(1)),
    tco2PerMwh: z.number(),
  }),
);
export type FactorUsed = z.output<typeof factorUsedSchema>;

/**
 * One revision of a project's report for a month, as stored and returned. Its computed figures are
 * in tCO2e, rounded to 3 decimals (kg); see `accounting.ts`.
 */
export const metricReportSchema = /* @__PURE__ */ built(() =>
  z
    .strictObject({
      projectId: z.string(),
      period: periodSchema,
      /** 1 for the first report of the month, + 1 for every restatement. */
      revision: z.int().check(z.gte(1)),
      /**
       * The period's write counter, the report's ETag: + 1 on every restatement and every verification
       * decision, so that concurrent reviewers or a reviewer and a restating submitter cannot overwrite
       * each other unseen (a verification changes the report but not its revision).
       */
      version: z.int().check(z.gte(1)),
      ...reportedFields,
      leakageTco2e: quantitySchema,
      gwpSet: gwpSetSchema,
      projectTco2e: z.number(),
      baselineTco2e: z.number(),
      /** Baseline − project − leakage; negative when the project emits more than it avoids. */
      reductionsTco2e: z.number(),
      /** Present exactly when the baseline is `grid_factor`. */
      factor: z.optional(factorUsedSchema),
      /** The accounting rules the figures were computed with. */
      calcVersion: z.string(),
      verification: verificationRecordSchema,
      submittedAt: z.iso.datetime(),
      /** The subject of the caller who submitted this revision. */
      submittedBy: z.string(),
      /** The organisation owning the project (not necessarily the caller's: an admin may submit). */
      orgId: z.string(),
    })
    .check(
      z.superRefine((report, ctx) => {
        if ((report.baseline.method === 'grid_factor') !== (report.factor !== undefined)) {
          ctx.addIssue({
            code: 'custom',
            path: ['factor'],
            message: 'A report names its factor exactly when its baseline is grid_factor',
          });
        }
      }),
    ),
);
export type MetricReport = z.output<typeof metricReportSchema>;
