/**
 * The metrics use cases: what each metrics route does. Storage comes in through the ports; the
 * project (for authorization and the period rules) is read through the projects repository.
 */
import { decodeCursor, encodeCursor, listingFingerprint } from '../cursor.ts';
import type { DocumentRepository } from '../documents/ports.ts';
import {
  MalformedInputError,
  NotFoundError,
  ValidationError,
  VersionConflictError,
  VersionRequiredError,
} from '../errors.ts';
import { reportDecisionEvents, reportSubmittedEvent } from '../events/decisions.ts';
import { isProjectId } from '../ids.ts';
import type { Page } from '../pagination.ts';
import { assertAuthorized, type Principal, type ProjectAction } from '../policy.ts';
import type { ProjectRepository } from '../projects/ports.ts';
import { accessFactsFor } from '../projects/publication.ts';
import type { Project } from '../projects/schema.ts';
import type { EmissionFactor } from '../reference/emission-factors.ts';
import type { ReferenceRepository } from '../reference/ports.ts';
import { parseOrThrow } from '../validation.ts';
import type { MetricsRepository } from './ports.ts';
import {
  factorIdOf,
  type ReportSubmission,
  type SubmissionOutcome,
  submitReport,
  verifyReport,
} from './report.ts';
import {
  type MetricReport,
  type MetricReportInput,
  metricReportInputSchema,
  periodSchema,
  verificationSchema,
} from './schema.ts';

export interface MetricsReaderDeps {
  readonly projects: Pick<ProjectRepository, 'getStored'>;
  readonly metrics: MetricsRepository;
}

export interface MetricsServiceDeps extends MetricsReaderDeps {
  readonly reference: Pick<ReferenceRepository, 'factor'>;
  /** The evidence documents reports link to. */
  readonly documents: Pick<DocumentRepository, 'get'>;
  /** The current time, ISO 8601 UTC. */
  readonly now: () => string;
}

export interface MetricsListRequest {
  readonly from?: string | undefined;
  readonly to?: string | undefined;
  readonly limit: number;
  readonly cursor?: string | undefined;
}

const isPeriod = (value: string) => periodSchema.safeParse(value).success;

/** A period in a path or query: a malformed one is a bad request naming the parameter. */
function checkPeriod(value: string, parameter: string): string {
  if (!isPeriod(value)) {
    throw new MalformedInputError(`${parameter} must be a month YYYY-MM`, [
      { path: parameter, message: 'Must be a month YYYY-MM, e.g. 2025-04' },
    ]);
  }
  return value;
}

/** The event of a submission or restatement about to be stored (`docs/events.md`). */
export function submissionEvent(
  project: Pick<Project, 'id' | 'orgId' | 'hostCountry'>,
  report: MetricReport,
) {
  return reportSubmittedEvent(project, report, { occurredAt: report.submittedAt });
}

/** The read side: what a read-only function needs (and all it may touch). */
export class MetricsReader {
  constructor(protected readonly readerDeps: MetricsReaderDeps) {}

  /** `GET /projects/{id}/metrics/{period}`: the latest revision, or revision `n`. */
  async get(
    principal: Principal,
    projectId: string,
    period: string,
    revision?: number,
  ): Promise<MetricReport> {
    const project = await this.visibleProject(principal, projectId, 'metrics:read');
    checkPeriod(period, 'period');
    if (revision === undefined) return this.latest(project.id, period);
    const report = await this.readerDeps.metrics.revision(project.id, period, revision);
    if (!report) throw new NotFoundError(`No revision ${revision} of the ${period} report`);
    return report;
  }

  /** `GET /projects/{id}/metrics`: the latest revision of each month in the range, oldest first. */
  async list(
    principal: Principal,
    projectId: string,
    request: MetricsListRequest,
  ): Promise<Page<MetricReport>> {
    const project = await this.visibleProject(principal, projectId, 'metrics:read');
    const from = request.from === undefined ? undefined : checkPeriod(request.from, 'from');
    const to = request.to === undefined ? undefined : checkPeriod(request.to, 'to');
    const fingerprint = listingFingerprint('metrics', { projectId: project.id, from, to });
    const afterPeriod = request.cursor ? decodeCursor(fingerprint, request.cursor, isPeriod) : undefined;
    const { reports, more } = await this.readerDeps.metrics.list(project.id, {
      limit: request.limit,
      ...(from ? { from } : {}),
      ...(to ? { to } : {}),
      ...(afterPeriod ? { afterPeriod } : {}),
    });
    const last = reports.at(-1);
    return { items: reports, nextCursor: more && last ? encodeCursor(fingerprint, last.period) : null };
  }

  protected async latest(projectId: string, period: string): Promise<MetricReport> {
    const report = await this.readerDeps.metrics.latest(projectId, period);
    if (!report) throw new NotFoundError(`No report for ${period}`);
    return report;
  }

  /**
   * The project's current record, if the caller may see the project and do `action` on it. Callers
   * outside its organisation (other than reviewers and admins) see a project, and so its reports,
   * only while a version of it is published (see `projects/publication.ts`).
   * @throws NotFoundError / ForbiddenError
   */
  protected async visibleProject(
    principal: Principal,
    projectId: string,
    action: ProjectAction,
  ): Promise<Project> {
    const stored = isProjectId(projectId) ? await this.readerDeps.projects.getStored(projectId) : undefined;
    if (!stored) throw new NotFoundError('Project not found');
    assertAuthorized(principal, action, accessFactsFor(principal, stored));
    return stored.current;
  }
}

/** The write side: submissions, restatements and verification. */
export class MetricsService extends MetricsReader {
  constructor(private readonly deps: MetricsServiceDeps) {
    super(deps);
  }

  /**
   * `PUT /projects/{id}/metrics/{period}`: the first report of a month (`created`), a restatement
   * (`restated`, needs If-Match), or a repeat of the stored figures (`unchanged`).
   */
  async put(
    principal: Principal,
    projectId: string,
    period: string,
    body: unknown,
    ifMatchVersion: number | undefined,
  ): Promise<{ report: MetricReport; outcome: SubmissionOutcome }> {
    const project = await this.visibleProject(principal, projectId, 'metrics:write');
    const input = parseOrThrow(metricReportInputSchema, body);
    await this.checkDocuments(project.id, input.documentIds ?? []);
    if (!isPeriod(period))
      throw new ValidationError([{ path: 'period', message: 'Must be a month YYYY-MM, e.g. 2025-04' }]);
    const previous = await this.deps.metrics.latest(project.id, period);
    if (previous === undefined && ifMatchVersion !== undefined) {
      throw new VersionConflictError('If-Match names a version, but this month has no report yet');
    }
    if (previous !== undefined) {
      if (ifMatchVersion === undefined) {
        throw new VersionRequiredError('This month already has a report: restate it with If-Match');
      }
      if (ifMatchVersion !== previous.version) {
        throw new VersionConflictError('If-Match does not name the current version of this report');
      }
    }
    const submission = await this.prepareSubmission(principal, project, period, input, previous);
    const owner = { hostCountry: project.hostCountry };
    const extras = () => ({ owner, events: [submissionEvent(project, submission.report)] });
    if (submission.outcome === 'created') await this.deps.metrics.create(submission.report, extras());
    if (submission.outcome === 'restated' && previous)
      await this.deps.metrics.replace(previous, submission.report, extras());
    return submission;
  }

  /**
   * The next revision of a project's month from a parsed report, with every rule a submission must
   * pass, without storing it: the one check behind a single PUT and each row of a bulk import
   * (`import.ts`), so that a rule added here holds for both. The caller has authorized `metrics:write`
   * on `project` and read `previous`; `factorOf` lets an import look each emission factor up once.
   * @throws ValidationError naming the fields that break a rule
   */
  async prepareSubmission(
    principal: Principal,
    project: Project,
    period: string,
    input: MetricReportInput,
    previous: MetricReport | undefined,
    factorOf: (id: string) => Promise<EmissionFactor | undefined> = (id) => this.deps.reference.factor(id),
  ): Promise<ReportSubmission> {
    const factorId = factorIdOf(input);
    const factor = factorId === undefined ? undefined : await factorOf(factorId);
    return submitReport(input, { project, period, previous, factor, principal, now: this.deps.now() });
  }

  /** `POST /projects/{id}/metrics/{period}/verification`: a reviewer's decision on the latest revision. */
  async verify(
    principal: Principal,
    projectId: string,
    period: string,
    body: unknown,
    ifMatchVersion: number,
  ): Promise<MetricReport> {
    const project = await this.visibleProject(principal, projectId, 'metrics:verify');
    const decision = parseOrThrow(verificationSchema, body);
    const current = await this.latest(project.id, checkPeriod(period, 'period'));
    if (current.version !== ifMatchVersion) {
      throw new VersionConflictError('If-Match does not name the current version of this report');
    }
    const decided = verifyReport(current, decision, { principal, now: this.deps.now() });
    const next = await this.withDocumentsSeen(decided);
    await this.deps.metrics.replace(current, next, {
      owner: { hostCountry: project.hostCountry },
      events: reportDecisionEvents(project, next, { occurredAt: next.verification.at ?? this.deps.now() }),
    });
    return next;
  }

  /**
   * Every linked document must be an available document of the report's project.
   * @throws ValidationError naming each bad `documentIds.<n>`
   */
  private async checkDocuments(projectId: string, documentIds: readonly string[]): Promise<void> {
    const found = await Promise.all(documentIds.map((id) => this.deps.documents.get(projectId, id)));
    const errors = documentIds.flatMap((id, index) => {
      const document = found[index];
      if (!document) return [{ path: `documentIds.${index}`, message: `This project has no document ${id}` }];
      if (document.state !== 'available') {
        return [
          {
            path: `documentIds.${index}`,
            message: `Document ${id} is ${document.state}; only available documents can be linked`,
          },
        ];
      }
      return [];
    });
    if (errors.length > 0) throw new ValidationError(errors);
  }

  /** A decision records the documents the reviewer saw, with the SHA-256 of each one's content. */
  private async withDocumentsSeen(report: MetricReport): Promise<MetricReport> {
    const ids = report.documentIds ?? [];
    if (ids.length === 0) return report;
    const documents = await Promise.all(ids.map((id) => this.deps.documents.get(report.projectId, id)));
    return {
      ...report,
      verification: {
        ...report.verification,
        documents: ids.map((id, index) => ({ id, sha256: documents[index]?.sha256 ?? '' })),
      },
    };
  }
}
