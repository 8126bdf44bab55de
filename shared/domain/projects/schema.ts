/**
 * The project's request and record schemas, defined once: they validate request bodies, give the
 * TypeScript types, and feed the OpenAPI document (`z.toJSONSchema(schema, { io: 'input' })`).
 *
 * Only rules that hold whatever the date and whatever is stored live here. Rules that need "today"
 * (an effective date is not in the future), the stored project (lifecycle transitions, the previous
 * effective date) or reference data (FX rates) are checked by the operations in `project.ts`, which
 * are given the time and the rates as ports.
 */
import * as z from 'zod/mini';
import { fieldChangeSchema } from '../audit.ts';
import { ulidPattern } from '../ids.ts';
import {
  add as addDecimal,
  decimalOf,
  subtract as subtractDecimal,
  toDecimalString,
  zero as zeroDecimal,
} from '../metrics/decimal.ts';
import { built } from '../pure.ts';
import {
  countryCodeSchema,
  currencyCodeSchema,
  isSubdivisionOf,
  subdivisionCodeSchema,
} from '../reference/iso.ts';
import { storable } from '../validation.ts';
import '../zod-messages.ts';
import { lifecycleStatuses } from './lifecycle-statuses.ts';

export const technologies = [
  'solar_pv',
  'wind_onshore',
  'wind_offshore',
  'hydro',
  'geothermal',
  'bioenergy',
  'nuclear',
  'hydrogen',
  'ammonia',
  'ccus',
  'storage',
  'grid',
  'efficiency',
  'other',
] as const;
export const technologySchema = /* @__PURE__ */ built(() => z.enum(technologies));
export type Technology = z.output<typeof technologySchema>;

export const programs = ['jucip', 'selectusa', 'j_bridge', 'core_partnership', 'other'] as const;
export const programSchema = /* @__PURE__ */ built(() => z.enum(programs));
export type Program = z.output<typeof programSchema>;

export const participantRoles = [
  'developer',
  'owner',
  'investor',
  'offtaker',
  'technology_provider',
  'epc',
  'financier',
  'government_agency',
  'research',
] as const;
export const participantRoleSchema = /* @__PURE__ */ built(() => z.enum(participantRoles));
export type ParticipantRole = z.output<typeof participantRoleSchema>;

/** `MW` electric nameplate, `MWh` storage energy, tonnes of hydrogen produced or CO2 captured a year. */
export const capacityUnits = ['MW', 'MWh', 't_h2_per_year', 't_co2_per_year'] as const;
export const capacityUnitSchema = /* @__PURE__ */ built(() => z.enum(capacityUnits));
export type CapacityUnit = z.output<typeof capacityUnitSchema>;

export const investmentInstruments = ['equity', 'debt', 'grant', 'guarantee'] as const;
export const investmentInstrumentSchema = /* @__PURE__ */ built(() => z.enum(investmentInstruments));
export type InvestmentInstrument = z.output<typeof investmentInstrumentSchema>;

/** The physical lifecycle; the allowed transitions are in `lifecycle.ts`. */
export { lifecycleStatuses };
export const lifecycleStatusSchema = /* @__PURE__ */ built(() => z.enum(lifecycleStatuses));
export type LifecycleStatus = z.output<typeof lifecycleStatusSchema>;

/** `withdrawn`: a reviewer took the project out of publication (see `docs/review-and-publication.md`). */
export const reviewStates = ['submitted', 'accepted', 'changes_requested', 'rejected', 'withdrawn'] as const;
export const reviewStateSchema = /* @__PURE__ */ built(() => z.enum(reviewStates));
export type ReviewState = z.output<typeof reviewStateSchema>;

export const reviewDecisions = ['accepted', 'changes_requested', 'rejected', 'withdrawn'] as const;
export const reviewDecisionSchema = /* @__PURE__ */ built(() => z.enum(reviewDecisions));
export type ReviewDecision = z.output<typeof reviewDecisionSchema>;

export const externalRefSystems = [
  'gem',
  'iea',
  'verra',
  'gold_standard',
  'cdm',
  'jcm',
  'eia',
  'other',
] as const;
export const externalRefSystemSchema = /* @__PURE__ */ built(() => z.enum(externalRefSystems));
export type ExternalRefSystem = z.output<typeof externalRefSystemSchema>;

export const locationAccuracies = ['exact', 'approximate'] as const;
export const locationAccuracySchema = /* @__PURE__ */ built(() => z.enum(locationAccuracies));
export type LocationAccuracy = z.output<typeof locationAccuracySchema>;

export const auditActions = [
  'created',
  'edited',
  'status_changed',
  'reviewed',
  'document_registered',
  'document_available',
  'document_rejected',
] as const;
export const auditActionSchema = /* @__PURE__ */ built(() => z.enum(auditActions));
export type AuditAction = z.output<typeof auditActionSchema>;

/** No date before this: the registry tracks cooperation from the 1990s on (and FX and factor years start here too). */
const earliestDate = '1990-01-01';
/** Bounds that keep every record well inside what DynamoDB stores exactly and in one transaction. */
const maxAmount = 1e12;
const maxCapacity = 1e9;
const maxParticipants = 50;
const maxInvestments = 100;
const maxExternalRefs = 20;
const maxDisbursements = 200;

/**
 * The largest capacity each unit may plausibly state: a figure above it is a typing error, not a
 * plant (the largest power plant on Earth is about 22.5 GW). See `docs/review-and-publication.md`.
 */
export const plausibleCapacity: Readonly<Record<CapacityUnit, number>> = {
  MW: 30_000,
  MWh: 50_000,
  t_h2_per_year: 10_000_000,
  t_co2_per_year: 10_000_000,
};

/** 30,000 MW (the largest plausible capacity) running every hour of a leap year. */
export const plausibleAnnualGenerationMwh = plausibleCapacity.MW * 8784;
/** The largest tonnage a year one project may plausibly state (as for capacity). */
export const plausibleAnnualReductionsTco2e = plausibleCapacity.t_co2_per_year;

/** A calendar date `YYYY-MM-DD` that exists (no 2023-02-29). */
export const isoDateSchema = /* @__PURE__ */ built(() =>
  z.iso
    .date({ error: 'Must be a calendar date YYYY-MM-DD' })
    .check(z.refine((date) => date >= earliestDate, `Must be on or after ${earliestDate}`)),
);

/** An ISO 8601 UTC timestamp, as the server writes them. */
export const timestampSchema = /* @__PURE__ */ built(() => z.iso.datetime());

/** Free text a person types: surrounding whitespace is dropped before the length is checked. */
function text(maxLength: number, minLength = 1) {
  return z.string().check(z.trim(), z.minLength(minLength), z.maxLength(maxLength));
}

const nameSchema = /* @__PURE__ */ built(() => text(200));
const summarySchema = /* @__PURE__ */ built(() => text(2000, 0));
const technologyDetailSchema = /* @__PURE__ */ built(() => text(200));
const noteSchema = /* @__PURE__ */ built(() => text(2000));
const latitudeSchema = /* @__PURE__ */ built(() => storable(z.number().check(z.gte(-90), z.lte(90))));
const longitudeSchema = /* @__PURE__ */ built(() => storable(z.number().check(z.gte(-180), z.lte(180))));

export const programsSchema = /* @__PURE__ */ built(() =>
  z.array(programSchema).check(
    z.minLength(1),
    z.refine((values) => new Set(values).size === values.length, 'Each program may appear only once'),
    z.meta({ uniqueItems: true }),
  ),
);

export const locationSchema = /* @__PURE__ */ built(() =>
  z
    .strictObject({
      subdivision: z.optional(subdivisionCodeSchema),
      lat: z.optional(latitudeSchema),
      lon: z.optional(longitudeSchema),
      accuracy: locationAccuracySchema,
    })
    .check(
      z.superRefine((location, ctx) => {
        if (location.lat !== undefined && location.lon === undefined) {
          ctx.addIssue({ code: 'custom', path: ['lon'], message: 'Give lon with lat (both or neither)' });
        }
        if (location.lon !== undefined && location.lat === undefined) {
          ctx.addIssue({ code: 'custom', path: ['lat'], message: 'Give lat with lon (both or neither)' });
        }
      }),
    ),
);
export type Location = z.output<typeof locationSchema>;

export const participantSchema = /* @__PURE__ */ built(() =>
  z.strictObject({
    name: text(200),
    country: countryCodeSchema,
    role: participantRoleSchema,
    sharePct: z.optional(storable(z.number().check(z.gte(0), z.lte(100)))),
  }),
);
export type Participant = z.output<typeof participantSchema>;

/** Shares are percentages with decimals; this absorbs binary rounding such as 33.3 + 33.3 + 33.4. */
const sharePctTolerance = 1e-9;

export const participantsSchema = /* @__PURE__ */ built(() =>
  z.array(participantSchema).check(
    z.minLength(2),
    z.maxLength(maxParticipants),
    z.superRefine((participants, ctx) => {
      if (participants.length < 2) return;
      const countries = new Set(participants.map((p) => p.country));
      if (countries.size < 2) {
        ctx.addIssue({
          code: 'custom',
          message: 'Participants must come from at least two different countries',
        });
      }
      if (!countries.has('US') && !countries.has('JP')) {
        ctx.addIssue({
          code: 'custom',
          message: 'At least one participant must be from the US or Japan (US or JP)',
        });
      }
      const totalSharePct = participants.reduce((sum, p) => sum + (p.sharePct ?? 0), 0);
      if (totalSharePct > 100 + sharePctTolerance) {
        const shown = Math.round(totalSharePct * 1000) / 1000;
        ctx.addIssue({ code: 'custom', message: `The shares add up to ${shown}%, more than 100%` });
      }
    }),
  ),
);

export const capacitySchema = /* @__PURE__ */ built(() =>
  z
    .strictObject({
      value: storable(
        z.number().check(z.positive(), z.lte(maxCapacity, `Must be at most ${maxCapacity.toExponential()}`)),
      ),
      unit: capacityUnitSchema,
    })
    .check(
      z.superRefine((capacity, ctx) => {
        const limit = plausibleCapacity[capacity.unit];
        if (capacity.value > limit) {
          ctx.addIssue({
            code: 'custom',
            path: ['value'],
            message: `Must be at most ${limit.toLocaleString('en-US')} ${capacity.unit}: more is not plausible for one project`,
          });
        }
      }),
    ),
);
export type Capacity = z.output<typeof capacitySchema>;

const amountSchema = /* @__PURE__ */ built(() =>
  storable(z.number().check(z.positive(), z.lte(maxAmount, `Must be at most ${maxAmount.toExponential()}`))),
);

/** One payment out of a commitment, in the investment's currency (`docs/disbursements.md`). */
export const disbursementInputSchema = /* @__PURE__ */ built(() =>
  z.strictObject({
    date: isoDateSchema,
    amount: amountSchema,
  }),
);
export type DisbursementInput = z.output<typeof disbursementInputSchema>;

/** The server's id of an investment (a ULID): send it back to keep the investment it names. */
export const investmentIdSchema = /* @__PURE__ */ built(() =>
  z.string().check(z.regex(ulidPattern, "Must be the id of one of this project's investments (a ULID)")),
);

/**
 * Disbursements within one investment: none before the commitment, and never more paid out than
 * committed. The sum is compared as exact decimals (binary floats would refuse 0.1 + 0.2 of 0.3);
 * the disbursement named is the first at which the running total passes the committed amount.
 */
function checkDisbursements(
  investment: {
    readonly amount: number;
    readonly committedOn: string;
    readonly disbursements?: readonly DisbursementInput[] | undefined;
  },
  ctx: z.core.$RefinementCtx,
): void {
  let paid = zeroDecimal;
  const committed = decimalOf(investment.amount);
  let exceeded = false;
  for (const [index, disbursement] of (investment.disbursements ?? []).entries()) {
    if (disbursement.date < investment.committedOn) {
      ctx.addIssue({
        code: 'custom',
        path: ['disbursements', index, 'date'],
        message: `Must not be before the commitment (committedOn ${investment.committedOn})`,
      });
    }
    paid = addDecimal(paid, decimalOf(disbursement.amount));
    if (!exceeded && subtractDecimal(committed, paid).units < 0n) {
      exceeded = true;
      ctx.addIssue({
        code: 'custom',
        path: ['disbursements', index, 'amount'],
        message: `The disbursements up to this one add up to ${toDecimalString(paid)}, more than the committed amount ${toDecimalString(committed)}`,
      });
    }
  }
}

/**
 * An investment as the submitter sends it; the server adds `usdAmount` (to it and to each
 * disbursement) and, to a new investment, its `id`.
 */
const investmentInputShape = /* @__PURE__ */ built(() => ({
  id: z.optional(
    investmentIdSchema.check(
      z.meta({
        description:
          'Set by the server. Send it back in a PATCH to keep the investment; leave it out to add one (docs/disbursements.md).',
      }),
    ),
  ),
  investorCountry: countryCodeSchema,
  amount: amountSchema,
  currency: currencyCodeSchema,
  committedOn: isoDateSchema,
  instrument: investmentInstrumentSchema,
  disbursements: z.optional(
    z.array(disbursementInputSchema).check(
      z.maxLength(maxDisbursements),
      z.meta({
        description:
          'Payments out of the commitment, in its currency: dated from `committedOn` to today, adding up to at most `amount`. Each gets `usdAmount` at the rate of its own year.',
      }),
    ),
  ),
}));
export const investmentInputSchema = /* @__PURE__ */ built(() =>
  z
    .strictObject(investmentInputShape)
    .check(z.superRefine(checkDisbursements, { when: whenValid('amount', 'committedOn', 'disbursements') })),
);
export type InvestmentInput = z.output<typeof investmentInputSchema>;

/** The investments of a project: an id may name only one of them. */
const investmentsSchema = /* @__PURE__ */ built(() =>
  z.array(investmentInputSchema).check(
    z.maxLength(maxInvestments),
    z.superRefine((investments, ctx) => {
      const seen = new Map<string, number>();
      for (const [index, { id }] of investments.entries()) {
        if (id === undefined) continue;
        const first = seen.get(id);
        if (first === undefined) seen.set(id, index);
        else
          ctx.addIssue({ code: 'custom', path: [index, 'id'], message: `Repeats investments.${first}.id` });
      }
    }),
  ),
);

/**
 * An integer with thousands separators, as `toLocaleString('en-US')` writes it, for messages built
 * at module load: the first `toLocaleString` loads ICU's number formatting, about 15 ms of every
 * cold start of a function that imports these schemas.
 */
export function groupedDigits(value: number): string {
  return String(value).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/**
 * What the feasibility study or financing decision promised a year of normal operation would give
 * (`docs/indicator-rules.md`, expected outcomes). The bounds are the plausibility rules of
 * capacity carried over: 30,000 MW running all year, and the largest tonnage one project may state.
 */
const annualGenerationSchema = /* @__PURE__ */ built(() =>
  storable(
    z
      .number()
      .check(
        z.nonnegative(),
        z.lte(
          plausibleAnnualGenerationMwh,
          `Must be at most ${groupedDigits(plausibleAnnualGenerationMwh)} MWh a year: more is not plausible for one project`,
        ),
      ),
  ),
);
const annualReductionsSchema = /* @__PURE__ */ built(() =>
  storable(
    z
      .number()
      .check(
        z.nonnegative(),
        z.lte(
          plausibleAnnualReductionsTco2e,
          `Must be at most ${groupedDigits(plausibleAnnualReductionsTco2e)} tCO2e a year: more is not plausible for one project`,
        ),
      ),
  ),
);
const expectedSourceSchema = /* @__PURE__ */ built(() => text(500));

export const expectedOutcomesSchema = /* @__PURE__ */ built(() =>
  z
    .strictObject({
      annualGenerationMwh: z.optional(annualGenerationSchema),
      annualReductionsTco2e: z.optional(annualReductionsSchema),
      source: z.optional(expectedSourceSchema),
    })
    .check(
      z.refine(
        (expected) =>
          expected.annualGenerationMwh !== undefined || expected.annualReductionsTco2e !== undefined,
        'Give annualGenerationMwh, annualReductionsTco2e or both',
      ),
    ),
);
export type ExpectedOutcomes = z.output<typeof expectedOutcomesSchema>;

export const externalRefSchema = /* @__PURE__ */ built(() =>
  z.strictObject({
    system: externalRefSystemSchema,
    id: text(200),
    url: z.optional(
      z.url({ protocol: /^https?$/, error: 'Must be an http(s) URL' }).check(z.maxLength(2000)),
    ),
  }),
);
export type ExternalRef = z.output<typeof externalRefSchema>;

/** Imports match rows on external references, so one reference may appear only once per project. */
export const externalRefsSchema = /* @__PURE__ */ built(() =>
  z.array(externalRefSchema).check(
    z.maxLength(maxExternalRefs),
    z.superRefine((refs, ctx) => {
      const seen = new Map<string, number>();
      for (const [index, ref] of refs.entries()) {
        const key = `${ref.system}\u0000${ref.id}`;
        const first = seen.get(key);
        if (first === undefined) {
          seen.set(key, index);
        } else {
          ctx.addIssue({
            code: 'custom',
            path: [index],
            message: `Repeats externalRefs.${first} (same system and id)`,
          });
        }
      }
    }),
  ),
);

interface IssuePayload {
  readonly value: unknown;
  readonly issues: readonly { readonly code: string; readonly path?: readonly PropertyKey[] | undefined }[];
}

function overlaps(issuePath: readonly PropertyKey[], fieldPath: readonly string[]): boolean {
  const common = Math.min(issuePath.length, fieldPath.length);
  return issuePath.slice(0, common).every((key, i) => String(key) === fieldPath[i]);
}

/**
 * Lets an object-level rule run although other fields are invalid (zod skips it otherwise), as long
 * as the fields it reads (dotted paths) are valid, so that one response names every bad field.
 */
function whenValid(...fields: readonly string[]) {
  const fieldPaths = fields.map((field) => field.split('.'));
  return (payload: IssuePayload): boolean =>
    typeof payload.value === 'object' &&
    payload.value !== null &&
    payload.issues.every(
      (issue) =>
        issue.code === 'unrecognized_keys' || !fieldPaths.some((field) => overlaps(issue.path ?? [], field)),
    );
}

function checkSubdivisionInHostCountry(
  project: {
    readonly hostCountry: string;
    readonly location?: { readonly subdivision?: string | undefined } | undefined;
  },
  ctx: z.core.$RefinementCtx,
): void {
  const subdivision = project.location?.subdivision;
  if (subdivision !== undefined && !isSubdivisionOf(subdivision, project.hostCountry)) {
    ctx.addIssue({
      code: 'custom',
      path: ['location', 'subdivision'],
      message: `${subdivision} is not a subdivision of the host country ${project.hostCountry}`,
    });
  }
}

/** The fields a submitter owns: sent at creation, changed afterwards by merge patch. */
const editableFields = /* @__PURE__ */ built(() => ({
  name: nameSchema,
  summary: summarySchema,
  technology: technologySchema,
  technologyDetail: z.optional(technologyDetailSchema),
  programs: programsSchema,
  hostCountry: countryCodeSchema,
  location: z.optional(locationSchema),
  participants: participantsSchema,
  capacity: z.optional(capacitySchema),
  investments: investmentsSchema,
  externalRefs: z.optional(externalRefsSchema),
  expected: z.optional(
    expectedOutcomesSchema.check(
      z.meta({
        description:
          'What the feasibility study or financing decision promised for a year of normal operation; compared with what the project reports in the indicators.',
      }),
    ),
  ),
}));

/** The editable fields as a whole: what a project's fields must satisfy after a patch is merged in. */
export const projectFieldsSchema = /* @__PURE__ */ built(() =>
  z.strictObject(editableFields).check(
    z.superRefine(checkSubdivisionInHostCountry, {
      when: whenValid('hostCountry', 'location.subdivision'),
    }),
  ),
);
export type ProjectFields = z.output<typeof projectFieldsSchema>;

/** `POST /projects`: the editable fields, and optionally the status the project already has. */
export const projectCreateSchema = /* @__PURE__ */ built(() =>
  z
    .strictObject({
      ...editableFields,
      status: z.optional(lifecycleStatusSchema),
      statusEffectiveDate: z.optional(isoDateSchema),
    })
    .check(
      z.superRefine(checkSubdivisionInHostCountry, {
        when: whenValid('hostCountry', 'location.subdivision'),
      }),
    ),
);
export type ProjectCreateInput = z.output<typeof projectCreateSchema>;

/**
 * `PATCH /projects/{id}`: a JSON merge patch (RFC 7396) of the editable fields. `null` removes an
 * optional field (a required one cannot be removed); `location`, `capacity` and `expected` merge member by
 * member; arrays replace whole. Rules across fields are checked on the merged result.
 */
export const projectPatchSchema = /* @__PURE__ */ built(() =>
  z.strictObject({
    name: z.optional(nameSchema),
    summary: z.optional(summarySchema),
    technology: z.optional(technologySchema),
    technologyDetail: z.optional(z.nullable(technologyDetailSchema)),
    programs: z.optional(programsSchema),
    hostCountry: z.optional(countryCodeSchema),
    location: z.optional(
      z.nullable(
        z.strictObject({
          subdivision: z.optional(z.nullable(subdivisionCodeSchema)),
          lat: z.optional(z.nullable(latitudeSchema)),
          lon: z.optional(z.nullable(longitudeSchema)),
          accuracy: z.optional(locationAccuracySchema),
        }),
      ),
    ),
    participants: z.optional(participantsSchema),
    capacity: z.optional(
      z.nullable(
        z.strictObject({
          value: z.optional(
            storable(
              z
                .number()
                .check(z.positive(), z.lte(maxCapacity, `Must be at most ${maxCapacity.toExponential()}`)),
            ),
          ),
          unit: z.optional(capacityUnitSchema),
        }),
      ),
    ),
    investments: z.optional(investmentsSchema),
    externalRefs: z.optional(z.nullable(externalRefsSchema)),
    expected: z.optional(
      z.nullable(
        z.strictObject({
          annualGenerationMwh: z.optional(z.nullable(annualGenerationSchema)),
          annualReductionsTco2e: z.optional(z.nullable(annualReductionsSchema)),
          source: z.optional(z.nullable(expectedSourceSchema)),
        }),
      ),
    ),
  }),
);
export type ProjectPatch = z.output<typeof projectPatchSchema>;

/** `POST /projects/{id}/status`. */
export const statusChangeSchema = /* @__PURE__ */ built(() =>
  z.strictObject({
    status: lifecycleStatusSchema,
    effectiveDate: isoDateSchema,
    note: z.optional(noteSchema),
  }),
);
export type StatusChange = z.output<typeof statusChangeSchema>;

/** `POST /projects/{id}/review`. */
export const reviewSchema = /* @__PURE__ */ built(() =>
  z.strictObject({
    decision: reviewDecisionSchema,
    comment: noteSchema,
  }),
);
export type ReviewInput = z.output<typeof reviewSchema>;

/** A stored disbursement: its value in US dollars at the rate of its own year, rounded to cents. */
export const disbursementSchema = /* @__PURE__ */ built(() =>
  z.extend(disbursementInputSchema, {
    usdAmount: z.number().check(z.nonnegative()),
  }),
);
export type Disbursement = z.output<typeof disbursementSchema>;

/** A stored investment: the submitted one with its id, its value in US dollars (rounded to cents), and its priced disbursements. */
export const investmentSchema = /* @__PURE__ */ built(() =>
  z.strictObject({
    ...investmentInputShape,
    id: investmentIdSchema,
    usdAmount: z.number().check(z.nonnegative()),
    disbursements: z.array(disbursementSchema),
  }),
);
export type Investment = z.output<typeof investmentSchema>;

export const statusHistoryEntrySchema = /* @__PURE__ */ built(() =>
  z.strictObject({
    status: lifecycleStatusSchema,
    effectiveDate: isoDateSchema,
    recordedAt: timestampSchema,
    recordedBy: z.string(),
    note: z.optional(noteSchema),
  }),
);
export type StatusHistoryEntry = z.output<typeof statusHistoryEntrySchema>;

/** A project as stored and returned. */
export const projectSchema = /* @__PURE__ */ built(() =>
  z.strictObject({
    id: z.string(),
    ...editableFields,
    investments: z.array(investmentSchema),
    status: lifecycleStatusSchema,
    statusHistory: z.array(statusHistoryEntrySchema).check(z.minLength(1)),
    reviewState: reviewStateSchema,
    orgId: z.string(),
    createdAt: timestampSchema,
    updatedAt: timestampSchema,
    createdBy: z.string(),
    version: z.int().check(z.gte(1)),
    acceptedVersion: z.optional(
      z.int().check(
        z.gte(1),
        z.meta({
          description:
            'The version a reviewer last accepted: what viewers, other organisations, exports and indicators read. Absent until the first acceptance and after a withdrawal.',
        }),
      ),
    ),
    pendingChanges: z.optional(
      z.array(z.string()).check(
        z.meta({
          description:
            'For the owning organisation, reviewers and admins: the field paths (as in history entries, e.g. `capacity.value`) in which this record differs from the accepted version; empty while it is the accepted version.',
        }),
      ),
    ),
    revisionAuthors: z.optional(
      z.array(z.string()).check(
        z.meta({
          description:
            'For the owning organisation, reviewers and admins: who changed the project since it was last accepted (or created). None of them may review it (four eyes).',
        }),
      ),
    ),
  }),
);
export type Project = z.output<typeof projectSchema>;

/** One immutable entry of a project's history (`GET /projects/{id}/history`). */
export const auditEntrySchema = /* @__PURE__ */ built(() =>
  z.strictObject({
    projectId: z.string(),
    at: timestampSchema,
    by: z.string(),
    action: auditActionSchema,
    /** The project's version after the change. */
    version: z.int().check(z.gte(1)),
    changes: z.array(fieldChangeSchema),
    /** The reviewer's comment, on `reviewed` entries. */
    comment: z.optional(z.string()),
    /**
     * The evidence document, on `document_*` entries (which leave the project as it was: `version` is
     * the project's version at the time). `version` here is the document's version after the event.
     */
    document: z.optional(
      z.strictObject({
        id: z.string(),
        version: z.int().check(z.gte(1)),
        kind: z.string(),
        fileName: z.string(),
        state: z.string(),
        reason: z.optional(z.string()),
      }),
    ),
  }),
);
export type AuditEntry = z.output<typeof auditEntrySchema>;
