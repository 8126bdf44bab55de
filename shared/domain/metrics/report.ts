/**
 * Monthly metric reports and the operations on them. Each operation is pure: it takes the stored
 * report (if any), what the caller asked for and the facts it needs (the project, the emission
 * factor, the principal, the time) and answers the next report; storing it, conditionally on the
 * period's `version` (the ETag), is the caller's job, and so are authorization (`policy.ts`),
 * parsing the body with the schemas in `schema.ts`, loading the latest revision and resolving the
 * emission factor a `grid_factor` baseline names (`factorIdOf`).
 *
 * Revisions: the first report of a month is revision 1; a restatement is revision n + 1 and starts
 * `self_reported` again, whatever the revision before it had (auto-unverify), so a verification
 * always covers exactly the figures it saw. Every revision is kept.
 *
 * Which months a project may report (checked on every submission):
 * - not in the future: up to the month of `now`, the current month included (its report may be
 *   restated once the month is complete);
 * - not before the month one year before the project's first `construction` or `operating`
 *   effective date, so that pre-construction baselines or site works can be reported. Months are
 *   compared whole: construction from 2024-03-10 allows 2023-03 onwards.
 * - A project that never reached construction or operating (e.g. still `feasibility`, or cancelled
 *   before building) is bounded the same way by its first status's effective date instead: a
 *   feasibility-stage pilot may have something to report, but nothing long before it was known.
 * - Months after retirement or cancellation stay open: decommissioning has emissions too.
 *
 * Plausibility: a month's `generationMwh` is at most the project's MW capacity × the hours of that
 * month (a capacity factor above 1 is impossible). The capacity is the project's current record,
 * reviewed or not: it is the submitter's latest statement about the plant they report for, and
 * the one a reviewer accepting it will see next to the reports (`docs/review-and-publication.md`).
 */
import { jsonEqual } from '../audit.ts';
import { type FieldError, FourEyesError, ValidationError } from '../errors.ts';
import type { Principal } from '../policy.ts';
import type { Project } from '../projects/schema.ts';
import { type EmissionFactor, regionCountry } from '../reference/emission-factors.ts';
import { accountEmissions, calcVersion } from './accounting.ts';
import {
  type FactorUsed,
  type MetricReport,
  type MetricReportInput,
  periodSchema,
  type VerificationInput,
} from './schema.ts';

export type { MetricReport } from './schema.ts';

/** Who acts, and when (ISO 8601 UTC; its month is the current month). */
export interface MetricsContext {
  readonly principal: Principal;
  readonly now: string;
}

/** What a submission needs to know about the project. */
export type ReportProject = Pick<Project, 'id' | 'orgId' | 'hostCountry' | 'statusHistory' | 'capacity'>;

/** Everything `submitReport` needs besides the body. */
export interface SubmitReportContext extends MetricsContext {
  readonly project: ReportProject;
  /** The month reported, `YYYY-MM` (from the path). */
  readonly period: string;
  /** The latest stored revision of this project's month, when there is one (this is then a restatement). */
  readonly previous?: MetricReport | undefined;
  /** The emission factor the body's `grid_factor` baseline names, or undefined when none has that id. */
  readonly factor?: EmissionFactor | undefined;
}

/** `created` (revision 1: HTTP 201), `restated` (revision n + 1: 200), `unchanged` (200, nothing to write). */
export type SubmissionOutcome = 'created' | 'restated' | 'unchanged';

export interface ReportSubmission {
  readonly report: MetricReport;
  readonly outcome: SubmissionOutcome;
}

/** The first and last month (`YYYY-MM`, both included) a project may report, as of `now`. */
export interface ReportablePeriods {
  /** Undefined only for a project without any status history. */
  readonly earliest: string | undefined;
  readonly latest: string;
}

const buildingStatuses: ReadonlySet<string> = new Set(['construction', 'operating']);

function monthOf(now: string): string {
  if (!/^\d{4}-\d{2}-\d{2}T/.test(now)) throw new TypeError(`now must be an ISO 8601 timestamp, got ${now}`);
  return now.slice(0, 7);
}

function earliestDate(dates: readonly string[]): string | undefined {
  return dates.reduce<string | undefined>(
    (min, date) => (min === undefined || date < min ? date : min),
    undefined,
  );
}

function yearEarlier(date: string): string {
  return `${String(Number(date.slice(0, 4)) - 1).padStart(4, '0')}${date.slice(4, 7)}`;
}

/**
 * The months a project may report as of `now`: up to the current month, and from one year before
 * its first `construction` or `operating` effective date (or, if it never got there, its first
 * status's effective date). See the module comment for why.
 */
export function reportablePeriods(project: Pick<Project, 'statusHistory'>, now: string): ReportablePeriods {
  const history = project.statusHistory;
  const anchor =
    earliestDate(history.filter((entry) => buildingStatuses.has(entry.status)).map((e) => e.effectiveDate)) ??
    earliestDate(history.map((entry) => entry.effectiveDate));
  return { earliest: anchor === undefined ? undefined : yearEarlier(anchor), latest: monthOf(now) };
}

function periodErrors(project: ReportProject, period: string, now: string): FieldError[] {
  if (!periodSchema.safeParse(period).success) {
    return [{ path: 'period', message: 'Must be a month YYYY-MM, e.g. 2025-04' }];
  }
  const { earliest, latest } = reportablePeriods(project, now);
  if (period > latest) {
    return [{ path: 'period', message: `Must not be in the future (the current month is ${latest})` }];
  }
  if (earliest !== undefined && period < earliest) {
    return [
      {
        path: 'period',
        message: `Must not be before ${earliest}, one year before the project's construction or operation began (or its first status, if it never did)`,
      },
    ];
  }
  return [];
}

/** The hours of a month `YYYY-MM` (UTC, so every day has 24). */
export function hoursInMonth(period: string): number {
  const [year, month] = period.split('-').map(Number);
  return new Date(Date.UTC(year ?? 0, month ?? 0, 0)).getUTCDate() * 24;
}

function generationErrors(input: MetricReportInput, project: ReportProject, period: string): FieldError[] {
  const { capacity } = project;
  if (input.generationMwh === undefined || capacity?.unit !== 'MW') return [];
  const hours = hoursInMonth(period);
  const most = capacity.value * hours;
  if (input.generationMwh <= most) return [];
  return [
    {
      path: 'generationMwh',
      message: `Must be at most ${most.toLocaleString('en-US')} MWh: the project's ${capacity.value} MW running all ${hours} hours of ${period} (a capacity factor above 1 is impossible)`,
    },
  ];
}

/** The id of the emission factor a report's baseline needs, for the caller to load; undefined for explicit baselines. */
export function factorIdOf(input: Pick<MetricReportInput, 'baseline'>): string | undefined {
  return input.baseline.method === 'grid_factor' ? input.baseline.factorId : undefined;
}

function factorErrors(
  input: MetricReportInput,
  project: ReportProject,
  factor: EmissionFactor | undefined,
): FieldError[] {
  const factorId = factorIdOf(input);
  if (factorId === undefined) return [];
  if (factor === undefined) {
    return [{ path: 'baseline.factorId', message: `There is no emission factor ${factorId}` }];
  }
  if (factor.id !== factorId)
    throw new TypeError(`The factor given is ${factor.id}, the baseline names ${factorId}`);
  if (regionCountry(factor.region) !== project.hostCountry) {
    return [
      {
        path: 'baseline.factorId',
        message: `Emission factor ${factorId} is for ${factor.region}, but the project is in ${project.hostCountry}`,
      },
    ];
  }
  return [];
}

/** The report without its `undefined` members, so that an absent optional field is absent. */
function withoutUndefined<T extends object>(record: T): T {
  return Object.fromEntries(Object.entries(record).filter(([, value]) => value !== undefined)) as T;
}

/** What a restatement must change to be one: everything but the bookkeeping of revisions and verification. */
function contentOf(report: MetricReport): Partial<MetricReport> {
  const { revision, version, verification, submittedAt, submittedBy, ...content } = report;
  return content;
}

/**
 * A new revision of a project's report for a month, from a parsed `PUT /projects/{id}/metrics/{period}`
 * body: revision 1 when there is no `previous`, else revision n + 1, `self_reported` either way,
 * with its figures computed by `accountEmissions` under the current `calcVersion`. A restatement that
 * would store exactly what `previous` holds (same body, same factor version, same rules) answers
 * `previous` with outcome `unchanged`, so that repeating a PUT neither makes a revision nor drops a
 * verification.
 * @throws ValidationError naming `period` (malformed, in the future, or too early for the project),
 *   `generationMwh` (more than the project's MW capacity can deliver in the month) and
 *   `baseline.factorId` (no such factor, or a factor for another country than the project's)
 */
export function submitReport(input: MetricReportInput, ctx: SubmitReportContext): ReportSubmission {
  const { project, period, previous, principal, now } = ctx;
  if (previous !== undefined && (previous.projectId !== project.id || previous.period !== period)) {
    throw new TypeError(
      `The previous report is of ${previous.projectId} ${previous.period}, not ${project.id} ${period}`,
    );
  }
  const periodProblems = periodErrors(project, period, now);
  const errors = [
    ...periodProblems,
    ...(periodProblems.length === 0 ? generationErrors(input, project, period) : []),
    ...factorErrors(input, project, ctx.factor),
  ];
  if (errors.length > 0) throw new ValidationError(errors);

  const factor = factorIdOf(input) === undefined ? undefined : ctx.factor;
  const factorUsed: FactorUsed | undefined =
    factor === undefined
      ? undefined
      : { id: factor.id, version: factor.version, tco2PerMwh: factor.tco2PerMwh };
  const { projectTco2e, baselineTco2e, reductionsTco2e } = accountEmissions(input, factor);

  const report = withoutUndefined<MetricReport>({
    projectId: project.id,
    period,
    revision: previous === undefined ? 1 : previous.revision + 1,
    version: previous === undefined ? 1 : previous.version + 1,
    generationMwh: input.generationMwh,
    projectEmissions: input.projectEmissions,
    baseline: input.baseline,
    leakageTco2e: input.leakageTco2e,
    gwpSet: input.gwpSet,
    methodology: input.methodology,
    dataQuality: input.dataQuality,
    evidenceUrls: input.evidenceUrls,
    documentIds: input.documentIds,
    projectTco2e,
    baselineTco2e,
    reductionsTco2e,
    factor: factorUsed,
    calcVersion,
    verification: { state: 'self_reported' },
    submittedAt: now,
    submittedBy: principal.subject,
    orgId: project.orgId,
  });

  if (previous === undefined) return { report, outcome: 'created' };
  if (jsonEqual(contentOf(previous), contentOf(report))) return { report: previous, outcome: 'unchanged' };
  return { report, outcome: 'restated' };
}

/**
 * Records a reviewer's decision on a report's latest revision: `verified` or `rejected`, with who,
 * when and the comment. The revision stays the same; `version` (the ETag) moves on.
 * A report is decided once: to change the decision, the submitter restates, which makes a new
 * `self_reported` revision. Four eyes: nobody, admins included, verifies or rejects a revision they
 * submitted themselves, since verification means someone else checked the figures.
 * @throws ValidationError naming `decision` when the revision is already verified or rejected
 * @throws FourEyesError when the caller submitted this revision
 */
export function verifyReport(
  report: MetricReport,
  decision: VerificationInput,
  ctx: MetricsContext,
): MetricReport {
  if (report.verification.state !== 'self_reported') {
    const message = `This revision is already ${report.verification.state}; a restatement makes a new revision to decide on`;
    throw new ValidationError([{ path: 'decision', message }], message);
  }
  if (report.submittedBy === ctx.principal.subject) {
    throw new FourEyesError(
      'Four-eyes rule: nobody verifies or rejects a metric report revision they submitted',
    );
  }
  return {
    ...report,
    version: report.version + 1,
    verification: {
      state: decision.decision,
      by: ctx.principal.subject,
      at: ctx.now,
      comment: decision.comment,
    },
  };
}
