/**
 * The project record and the operations that change it. Each operation is pure: it takes the
 * current record and what the caller asked for, and answers the next record together with the
 * immutable audit entry that describes the change; storing both (conditionally on `version`) is the
 * caller's job. Time, identifiers and FX rates come in through `ProjectContext`, so the same input
 * always gives the same result.
 *
 * The operations assume the caller is authorized (`authorize` in `policy.ts`) and that request bodies
 * were parsed with the schemas in `schema.ts`; they check the rules that need more than the body:
 * dates against today, lifecycle transitions, the review workflow, FX rates, and (for patches) every
 * rule again on the merged result.
 *
 * Audit `changes` list each changed field as `{path, from?, to?}` (see `audit.ts`); `version` and
 * `updatedAt` are left out because the entry carries them as `version` and `at`.
 */
import { describeChanges } from '../audit.ts';
import { type FieldError, ForbiddenError, FourEyesError, ValidationError } from '../errors.ts';
import { applyMergePatch } from '../merge-patch.ts';
import { roundToCents } from '../money.ts';
import type { Principal } from '../policy.ts';
import { fieldErrorsFromZod } from '../validation.ts';
import { allowedNextStatuses, canTransition } from './lifecycle.ts';
import { acceptedVersionOf, isPublished, pendingChangesOf, revisionAuthorsOf } from './publication.ts';
import {
  type AuditAction,
  type AuditEntry,
  type Disbursement,
  type Investment,
  type InvestmentInput,
  type LifecycleStatus,
  type Project,
  type ProjectCreateInput,
  type ProjectFields,
  type ProjectPatch,
  projectFieldsSchema,
  type ReviewInput,
  type StatusChange,
  type StatusHistoryEntry,
} from './schema.ts';

export type { Project } from './schema.ts';

/** The annual average USD value of one unit of `currency` in `year`, or undefined when the FX table has none. */
export type UsdRateLookup = (currency: string, year: number) => number | undefined;

/** What the operations need from outside the domain. */
export interface ProjectContext {
  /** Who makes the change. */
  readonly principal: Principal;
  /** When the change happens, ISO 8601 UTC (`2025-04-01T09:30:00.000Z`); its date is "today". */
  readonly now: string;
  /** A new time-sortable identifier (a ULID). */
  readonly newId: () => string;
  readonly usdPerUnit: UsdRateLookup;
}

/** The next state of a project and the audit entry that records how it got there. */
export interface ProjectChange {
  readonly project: Project;
  readonly audit: AuditEntry;
}

/** Like `ProjectChange`, but `audit` is undefined when the patch changed nothing (nothing to store). */
export interface ProjectEdit {
  readonly project: Project;
  readonly audit: AuditEntry | undefined;
}

/**
 * Fields every audit entry carries itself (or derives: the pending changes are the entry's own
 * changes accumulated, the authors its `by`), left out of its `changes`.
 */
const bookkeepingFields = ['version', 'updatedAt', 'pendingChanges', 'revisionAuthors'] as const;

/** The most one investment may plausibly be worth, in US dollars; more is a typing error (see `docs/review-and-publication.md`). */
export const plausibleInvestmentUsd = 100_000_000_000;

function todayOf(now: string): string {
  if (!/^\d{4}-\d{2}-\d{2}T/.test(now)) throw new TypeError(`now must be an ISO 8601 timestamp, got ${now}`);
  return now.slice(0, 10);
}

function yearOf(date: string): number {
  return Number(date.slice(0, 4));
}

function notInFuture(path: string, date: string, today: string): FieldError[] {
  return date > today ? [{ path, message: `Must not be in the future (today is ${today})` }] : [];
}

function auditEntry(
  project: Project,
  action: AuditAction,
  before: Readonly<Record<string, unknown>>,
  ctx: Pick<ProjectContext, 'principal' | 'now'>,
): AuditEntry {
  return {
    projectId: project.id,
    at: ctx.now,
    by: ctx.principal.subject,
    action,
    version: project.version,
    changes: describeChanges(before, project, bookkeepingFields),
  };
}

/**
 * The (currency, year) pairs whose USD rate pricing these investments and their disbursements
 * needs: what to load before calling.
 */
export function fxRatesNeeded(
  investments: readonly InvestmentInput[],
): Array<{ readonly currency: string; readonly year: number }> {
  const needed = new Map<string, { readonly currency: string; readonly year: number }>();
  for (const { currency, committedOn, disbursements = [] } of investments) {
    if (currency === 'USD') continue;
    for (const date of [committedOn, ...disbursements.map((d) => d.date)]) {
      const year = yearOf(date);
      needed.set(`${currency}:${year}`, { currency, year });
    }
  }
  return [...needed.values()];
}

/** What pricing an investment needs besides its input: its id, and the stored investment it updates, if any. */
interface PricingTarget {
  readonly id: string;
  readonly stored?: Investment | undefined;
}

function priced(
  investments: readonly InvestmentInput[],
  usdPerUnit: UsdRateLookup,
  targets: readonly PricingTarget[],
) {
  const errors: FieldError[] = [];
  const usdValue = (currency: string, amount: number, date: string, path: string): number => {
    const year = yearOf(date);
    const rate = currency === 'USD' ? 1 : usdPerUnit(currency, year);
    if (rate === undefined || !Number.isFinite(rate) || rate <= 0) {
      errors.push({ path, message: `No USD rate for ${currency} in ${year} in the FX table` });
      return 0;
    }
    return roundToCents(amount * rate);
  };
  const result = investments.map((investment, index): Investment => {
    const { id: _sentId, disbursements: sent = [], ...fields } = investment;
    const { id, stored } = targets[index] ?? { id: '' };
    // An unchanged commitment or disbursement keeps its stored USD value: a re-import of an exported
    // row must change nothing, even after an FX rate was corrected (`docs/visibility.md`).
    const sameCommitment =
      stored !== undefined &&
      stored.currency === fields.currency &&
      stored.amount === fields.amount &&
      stored.committedOn === fields.committedOn;
    const usdAmount = sameCommitment
      ? stored.usdAmount
      : usdValue(fields.currency, fields.amount, fields.committedOn, `investments.${index}.currency`);
    if (usdAmount > plausibleInvestmentUsd) {
      errors.push({
        path: `investments.${index}.amount`,
        message: `Worth ${usdAmount.toLocaleString('en-US')} USD at the ${yearOf(fields.committedOn)} rate: one investment of more than 100 billion USD is not plausible`,
      });
    }
    const storedDisbursements = sameCommitment ? (stored.disbursements ?? []) : [];
    const disbursements = sent.map((disbursement, d): Disbursement => {
      const kept = storedDisbursements.find(
        (s) => s.date === disbursement.date && s.amount === disbursement.amount,
      );
      return {
        date: disbursement.date,
        amount: disbursement.amount,
        usdAmount:
          kept?.usdAmount ??
          usdValue(
            fields.currency,
            disbursement.amount,
            disbursement.date,
            `investments.${index}.disbursements.${d}.date`,
          ),
      };
    });
    return { id, ...fields, usdAmount, disbursements };
  });
  return { investments: result, errors };
}

/** Disbursements dated after today: the rule the schema cannot check, since it needs the date. */
function disbursementsInFuture(investments: readonly InvestmentInput[], today: string): FieldError[] {
  return investments.flatMap((investment, i) =>
    (investment.disbursements ?? []).flatMap((disbursement, d) =>
      notInFuture(`investments.${i}.disbursements.${d}.date`, disbursement.date, today),
    ),
  );
}

/**
 * A new project from a parsed `POST /projects` body: version 1, review state `submitted`, owned by
 * the caller's organisation, with a first status (default `announced`, effective today).
 * @throws ValidationError when `statusEffectiveDate` is in the future or an investment has no USD rate
 * @throws ForbiddenError when the caller has no organisation to own the project
 */
export function createProject(input: ProjectCreateInput, ctx: ProjectContext): ProjectChange {
  const { principal, now } = ctx;
  if (principal.orgId === undefined) throw new ForbiddenError('Creating a project needs an organisation');
  const today = todayOf(now);
  const { status = 'announced', statusEffectiveDate = today, ...fields } = input;
  const serverIds: FieldError[] = fields.investments.flatMap((investment, i) =>
    investment.id === undefined
      ? []
      : [{ path: `investments.${i}.id`, message: 'Set by the server: leave it out when creating a project' }],
  );
  const pricing = priced(
    fields.investments,
    ctx.usdPerUnit,
    fields.investments.map(() => ({ id: ctx.newId() })),
  );
  const errors = [
    ...notInFuture('statusEffectiveDate', statusEffectiveDate, today),
    ...serverIds,
    ...disbursementsInFuture(fields.investments, today),
    ...pricing.errors,
  ];
  if (errors.length > 0) throw new ValidationError(errors);

  const project: Project = {
    id: ctx.newId(),
    ...fields,
    investments: pricing.investments,
    status,
    statusHistory: [
      { status, effectiveDate: statusEffectiveDate, recordedAt: now, recordedBy: principal.subject },
    ],
    reviewState: 'submitted',
    orgId: principal.orgId,
    createdAt: now,
    updatedAt: now,
    createdBy: principal.subject,
    version: 1,
    revisionAuthors: [principal.subject],
  };
  return { project, audit: auditEntry(project, 'created', {}, ctx) };
}

/** The record without its `undefined` members, so that an absent optional field is absent, not `undefined`. */
function withoutUndefined<T extends object>(record: T): T {
  return Object.fromEntries(Object.entries(record).filter(([, value]) => value !== undefined)) as T;
}

/**
 * The editable fields of a project, as a submitter would send them: investments with their ids and
 * without `usdAmount`, disbursements without theirs (and left out when there are none).
 */
export function editableFieldsOf(project: Project): ProjectFields {
  const investments = project.investments.map(
    ({ id, investorCountry, amount, currency, committedOn, instrument, disbursements }): InvestmentInput =>
      withoutUndefined<InvestmentInput>({
        id,
        investorCountry,
        amount,
        currency,
        committedOn,
        instrument,
        disbursements:
          disbursements === undefined || disbursements.length === 0
            ? undefined
            : disbursements.map(({ date, amount }) => ({ date, amount })),
      }),
  );
  return withoutUndefined<ProjectFields>({
    name: project.name,
    summary: project.summary,
    technology: project.technology,
    technologyDetail: project.technologyDetail,
    programs: project.programs,
    hostCountry: project.hostCountry,
    location: project.location,
    participants: project.participants,
    capacity: project.capacity,
    investments,
    externalRefs: project.externalRefs,
    expected: project.expected,
  });
}

function isOwner(principal: Principal, project: Project): boolean {
  return principal.orgId !== undefined && principal.orgId === project.orgId;
}

/**
 * A changed record as a revision awaiting review: a change to an accepted project makes it
 * `submitted` again (the accepted version stays published), `resubmit` does the same for other
 * states; the author joins the revision's authors, and `pendingChanges` is measured against the
 * accepted version (`before` itself while accepted, else `accepted`).
 */
function asRevision(
  before: Project,
  changed: Project,
  accepted: Project | undefined,
  principal: Principal,
  resubmit: boolean,
): Project {
  const authors = revisionAuthorsOf(before);
  const { acceptedVersion: _a, pendingChanges: _p, revisionAuthors: _r, ...record } = changed;
  const next: Project = {
    ...record,
    reviewState: before.reviewState === 'accepted' || resubmit ? 'submitted' : changed.reviewState,
    revisionAuthors: authors.includes(principal.subject) ? [...authors] : [...authors, principal.subject],
  };
  const acceptedVersion = acceptedVersionOf(before);
  if (acceptedVersion === undefined) return next;
  const base = before.reviewState === 'accepted' ? before : accepted;
  if (base?.version !== acceptedVersion) {
    throw new TypeError(
      `Project ${before.id} has a pending revision: give its accepted version ${acceptedVersion}`,
    );
  }
  return { ...next, acceptedVersion, pendingChanges: pendingChangesOf(next, base) };
}

/** Whether two investments record the same commitment (disbursements and ids aside). */
function sameCommitment(a: InvestmentInput, b: InvestmentInput): boolean {
  return (
    a.investorCountry === b.investorCountry &&
    a.amount === b.amount &&
    a.currency === b.currency &&
    a.committedOn === b.committedOn &&
    a.instrument === b.instrument
  );
}

/**
 * The investments a patch sends, priced: an investment that names the id of one of the project's
 * investments updates it (keeping the USD values of what did not change). One without an id
 * updates the first stored investment not otherwise claimed that records the same commitment (so
 * that an import file without id columns, sent twice, changes nothing), and is new otherwise. An id
 * the project does not have is refused rather than taken as new, so that a typing error cannot
 * silently duplicate a commitment (`docs/disbursements.md`).
 */
function repricedInvestments(
  project: Project,
  investments: readonly InvestmentInput[],
  ctx: Pick<ProjectContext, 'now' | 'usdPerUnit' | 'newId'>,
): Investment[] {
  const storedById = new Map(project.investments.map((investment) => [investment.id, investment]));
  const claimed = new Set(investments.map(({ id }) => id).filter((id) => id !== undefined));
  const errors: FieldError[] = [];
  const targets = investments.map((investment, i): PricingTarget => {
    const { id } = investment;
    if (id === undefined) {
      const match = project.investments.find(
        (stored) => stored.id !== undefined && !claimed.has(stored.id) && sameCommitment(stored, investment),
      );
      if (match === undefined) return { id: ctx.newId() };
      claimed.add(match.id);
      return { id: match.id, stored: match };
    }
    const stored = storedById.get(id);
    if (stored === undefined) {
      errors.push({
        path: `investments.${i}.id`,
        message: 'No investment of this project has this id; leave id out to add a new investment',
      });
    }
    return { id, stored };
  });
  errors.push(...disbursementsInFuture(investments, todayOf(ctx.now)));
  const result = priced(investments, ctx.usdPerUnit, targets);
  errors.push(...result.errors);
  if (errors.length > 0) throw new ValidationError(errors);
  return result.investments;
}

/**
 * Applies a parsed JSON merge patch to the editable fields and checks every rule on the result.
 * Investments sent in the patch are matched to the stored ones by `id` and priced again where
 * they changed (`repricedInvestments`); the others keep their `usdAmount`.
 * The edit is a revision awaiting review: an accepted project goes back to `submitted` (its
 * accepted version stays published); so does one whose review asked for changes, that was
 * withdrawn, or whose pending revision was rejected, when the owner's organisation edits it.
 * A patch that changes nothing answers the project as it was and no audit entry.
 * @param accepted the accepted version, needed when the project has a pending revision
 * @throws ValidationError naming every field the merged project gets wrong, or a missing USD rate
 */
export function patchProject(
  project: Project,
  patch: ProjectPatch,
  ctx: Pick<ProjectContext, 'principal' | 'now' | 'usdPerUnit' | 'newId'>,
  accepted?: Project,
): ProjectEdit {
  const merged = projectFieldsSchema.safeParse(applyMergePatch(editableFieldsOf(project), patch));
  if (!merged.success) throw new ValidationError(fieldErrorsFromZod(merged.error));
  const fields = merged.data;
  const investments =
    patch.investments === undefined
      ? project.investments
      : repricedInvestments(project, fields.investments, ctx);

  const { id, status, statusHistory, reviewState, orgId, createdAt, createdBy, version } = project;
  const { acceptedVersion, pendingChanges, revisionAuthors } = project;
  const edited: Project = withoutUndefined<Project>({
    id,
    ...fields,
    investments,
    status,
    statusHistory,
    reviewState,
    orgId,
    createdAt,
    updatedAt: ctx.now,
    createdBy,
    version: version + 1,
    acceptedVersion,
    pendingChanges,
    revisionAuthors,
  });
  if (describeChanges(project, edited, bookkeepingFields).length === 0) return { project, audit: undefined };

  const resubmit =
    isOwner(ctx.principal, project) &&
    (reviewState === 'changes_requested' ||
      reviewState === 'withdrawn' ||
      (reviewState === 'rejected' && isPublished(project)));
  const next = asRevision(project, edited, accepted, ctx.principal, resubmit);
  return { project: next, audit: auditEntry(next, 'edited', project, ctx) };
}

function transitionMessage(from: LifecycleStatus, to: LifecycleStatus): string {
  const allowed = allowedNextStatuses(from);
  return allowed.length === 0
    ? `A project that is ${from} cannot change status any more (requested: ${to})`
    : `A project that is ${from} can move only to: ${allowed.join(', ')} (requested: ${to})`;
}

/**
 * Moves a project along its lifecycle, appending to `statusHistory`. Like an edit, the move is a
 * revision awaiting review: an accepted project goes back to `submitted`.
 * @param accepted the accepted version, needed when the project has a pending revision
 * @throws ValidationError when the lifecycle does not allow the move (the message and the `status`
 *   error list the allowed next statuses), or `effectiveDate` is in the future or before the previous one's
 */
export function changeStatus(
  project: Project,
  change: StatusChange,
  ctx: Pick<ProjectContext, 'principal' | 'now'>,
  accepted?: Project,
): ProjectChange {
  const today = todayOf(ctx.now);
  const previous = project.statusHistory.at(-1);
  const errors: FieldError[] = [];
  if (!canTransition(project.status, change.status)) {
    errors.push({ path: 'status', message: transitionMessage(project.status, change.status) });
  }
  errors.push(...notInFuture('effectiveDate', change.effectiveDate, today));
  if (previous !== undefined && change.effectiveDate < previous.effectiveDate) {
    errors.push({
      path: 'effectiveDate',
      message: `Must not be before the previous status change (${previous.status} on ${previous.effectiveDate})`,
    });
  }
  if (errors.length > 0) {
    const transitionError = errors.find((e) => e.path === 'status');
    throw new ValidationError(errors, transitionError?.message);
  }

  const entry: StatusHistoryEntry = {
    status: change.status,
    effectiveDate: change.effectiveDate,
    recordedAt: ctx.now,
    recordedBy: ctx.principal.subject,
    ...(change.note === undefined ? {} : { note: change.note }),
  };
  const moved: Project = {
    ...project,
    status: change.status,
    statusHistory: [...project.statusHistory, entry],
    updatedAt: ctx.now,
    version: project.version + 1,
  };
  const next = asRevision(project, moved, accepted, ctx.principal, false);
  return { project: next, audit: auditEntry(next, 'status_changed', project, ctx) };
}

/**
 * Records a reviewer's decision; the comment goes into the audit entry.
 * - On a submitted revision: `accepted` publishes it (it becomes the accepted version);
 *   `changes_requested` and `rejected` leave the accepted version, if any, published.
 * - `withdrawn`, on a published project in any review state, takes it out of publication: it has
 *   no accepted version any more, and its current record stays for its organisation to edit (the
 *   owner's next edit resubmits it).
 * Four eyes: nobody decides on a revision they authored (anyone who changed the project since it
 * was last accepted, or created it), admins included. A withdrawal publishes nothing, so it is
 * not a review of a revision and any reviewer may make it.
 * @throws FourEyesError when the caller authored the revision under review
 * @throws ValidationError when the project is not awaiting review (its review state is not
 *   `submitted`), or a withdrawal is asked of a project that is not published
 */
export function reviewProject(
  project: Project,
  review: ReviewInput,
  ctx: Pick<ProjectContext, 'principal' | 'now'>,
): ProjectChange {
  const decided = { updatedAt: ctx.now, version: project.version + 1 };
  let next: Project;
  if (review.decision === 'withdrawn') {
    if (!isPublished(project)) {
      const message = `Only a published project can be withdrawn; this one is ${project.reviewState} and has no accepted version`;
      throw new ValidationError([{ path: 'decision', message }], message);
    }
    const { acceptedVersion: _a, pendingChanges: _p, ...record } = project;
    next = { ...record, reviewState: 'withdrawn', ...decided };
  } else {
    if (project.reviewState !== 'submitted') {
      const message = `Only a submitted project can be reviewed; this one is ${project.reviewState}`;
      throw new ValidationError([{ path: 'decision', message }], message);
    }
    if (revisionAuthorsOf(project).includes(ctx.principal.subject)) {
      throw new FourEyesError(
        'Four-eyes rule: nobody reviews a project revision they authored (created or changed since it was last accepted)',
      );
    }
    next =
      review.decision === 'accepted'
        ? {
            ...project,
            reviewState: 'accepted',
            ...decided,
            acceptedVersion: decided.version,
            pendingChanges: [],
            revisionAuthors: [],
          }
        : { ...project, reviewState: review.decision, ...decided };
  }
  return { project: next, audit: { ...auditEntry(next, 'reviewed', project, ctx), comment: review.comment } };
}

/**
 * The status in force on `date` (`YYYY-MM-DD`): that of the last history entry effective on or
 * before it (of entries effective the same day, the one recorded last). Undefined before the first.
 */
export function statusAt(project: Pick<Project, 'statusHistory'>, date: string): LifecycleStatus | undefined {
  return project.statusHistory.findLast((entry) => entry.effectiveDate <= date)?.status;
}
