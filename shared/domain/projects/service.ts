/**
 * The projects use cases: what each project route does, in the domain's words. Handlers parse
 * the HTTP request into these calls and turn the answers into responses; storage comes in through
 * the ports, time and identifiers through the clock and id source.
 */
import { decodeCursor, encodeCursor, listingFingerprint } from '../cursor.ts';
import { ForbiddenError, NotFoundError, VersionConflictError } from '../errors.ts';
import { projectChangeEvents } from '../events/decisions.ts';
import type { OrganisationDirectory } from '../organisations/ports.ts';
import type { Page } from '../pagination.ts';
import {
  assertAuthorized,
  authorize,
  historyView,
  listScope,
  type Principal,
  type ProjectAction,
  seesCurrentRecord,
} from '../policy.ts';
import { fxKey } from '../reference/fx.ts';
import { parseOrThrow } from '../validation.ts';
import { type RedactedAuditEntry, redactAuditEntry } from './history.ts';
import { auditPosition, isAuditPosition } from './history-position.ts';
import type {
  ExternalRefKey,
  FxRateSource,
  ProjectFilters,
  ProjectPartition,
  ProjectRepository,
} from './ports.ts';
import {
  changeStatus,
  createProject,
  fxRatesNeeded,
  type ProjectContext,
  patchProject,
  reviewProject,
  type UsdRateLookup,
} from './project.ts';
import { accessFactsFor, publishedView, type StoredProject, versionFor } from './publication.ts';
import {
  type AuditEntry,
  type InvestmentInput,
  type Project,
  type ProjectCreateInput,
  type ProjectPatch,
  projectCreateSchema,
  projectPatchSchema,
  reviewSchema,
  statusChangeSchema,
} from './schema.ts';

export interface ProjectReaderDeps {
  readonly projects: ProjectRepository;
}

export interface ProjectServiceDeps extends ProjectReaderDeps {
  readonly fx: FxRateSource;
  /** The registered organisations: a project belongs to one (docs/machine-clients.md). */
  readonly organisations: OrganisationDirectory;
  /** The current time, ISO 8601 UTC. */
  readonly now: () => string;
  /** A new time-sortable id (ULID). */
  readonly newId: () => string;
}

export interface ListRequest {
  readonly filters: ProjectFilters;
  readonly limit: number;
  readonly cursor?: string;
}

const ulidPattern = /^[0-9A-HJKMNP-TV-Z]{26}$/;

/** Whether a string could be a project id (a ULID); anything else cannot exist, so it is a 404 early. */
export function isProjectId(value: string): boolean {
  return ulidPattern.test(value);
}

/**
 * The partitions to read for a listing: the fewest indexes that cover what the caller may see and
 * asked for. Filters that no index covers are applied on the way. Callers outside a project's
 * organisation (other than reviewers and admins) list its accepted version, from the published
 * partition, whose records are all `accepted`; their own organisation's projects come current.
 */
export function partitionsFor(principal: Principal, filters: ProjectFilters): ProjectPartition[] {
  const scope = listScope(principal);
  switch (scope.kind) {
    case 'none':
      return [];
    case 'all':
      if (filters.reviewState) return [{ kind: 'review_state', reviewState: filters.reviewState }];
      if (filters.orgId) return [{ kind: 'org', orgId: filters.orgId }];
      return [{ kind: 'all' }];
    case 'accepted':
      if (filters.reviewState && filters.reviewState !== 'accepted') return [];
      return [{ kind: 'published' }];
    case 'accepted_and_own_org': {
      const own: ProjectPartition = { kind: 'org', orgId: scope.orgId };
      if (filters.orgId === scope.orgId) return [own];
      if (filters.orgId !== undefined)
        return filters.reviewState && filters.reviewState !== 'accepted' ? [] : [{ kind: 'published' }];
      if (filters.reviewState !== undefined && filters.reviewState !== 'accepted') return [own];
      return [{ kind: 'published', exceptOrgId: scope.orgId }, own];
    }
  }
}

/** The read side: what a read-only function needs (and all it may touch). */
export class ProjectReader {
  constructor(protected readonly repository: ProjectRepository) {}

  /**
   * `GET /projects/{id}`: the current record for its organisation, reviewers and admins, the
   * accepted version for everyone else (see `publication.ts`).
   * @throws NotFoundError when it does not exist or the caller may not see it
   */
  async get(principal: Principal, id: string): Promise<Project> {
    return this.readable(principal, 'project:read', await this.loadStored(id));
  }

  /** `GET /projects`: the projects the caller may see that match the filters, newest first. */
  async list(principal: Principal, request: ListRequest): Promise<Page<Project>> {
    assertAuthorized(principal, 'project:list');
    const scope = listScope(principal);
    const fingerprint = listingFingerprint('projects', { ...request.filters, scope: JSON.stringify(scope) });
    const beforeId = request.cursor ? decodeCursor(fingerprint, request.cursor, isProjectId) : undefined;
    const partitions = partitionsFor(principal, request.filters);
    if (partitions.length === 0) return { items: [], nextCursor: null };
    const { projects, nextBeforeId } = await this.repository.list({
      partitions,
      filters: request.filters,
      limit: request.limit,
      ...(beforeId ? { beforeId } : {}),
    });
    const items = projects.map((project) =>
      seesCurrentRecord(principal, project) ? project : publishedView(project),
    );
    return { items, nextCursor: nextBeforeId ? encodeCursor(fingerprint, nextBeforeId) : null };
  }

  /**
   * `GET /projects/{id}/history`: audit entries, oldest first. Callers who read the accepted
   * version get only the entries up to it (a pending revision is not theirs to see); callers
   * outside the owning organisation who are not reviewers or admins get them redacted (`historyView`).
   */
  async history(
    principal: Principal,
    id: string,
    limit: number,
    cursor?: string,
  ): Promise<Page<AuditEntry | RedactedAuditEntry>> {
    const version = this.readable(principal, 'project:read_history', await this.loadStored(id));
    const redacted = historyView(principal, version) === 'redacted';
    const fingerprint = listingFingerprint('history', { id });
    const after = cursor ? decodeCursor(fingerprint, cursor, isAuditPosition) : undefined;
    const { entries, more } = await this.repository.history(id, limit, after);
    // Document events only for those who may see the documents (docs/evidence.md); the cursor
    // still moves past the entries left out.
    const showDocuments = authorize(principal, 'document:read', version) !== 'not_found';
    const withinVersion = entries.filter((entry) => entry.version <= version.version);
    const last = withinVersion.at(-1);
    const moreShown = more && withinVersion.length === entries.length;
    const shown = showDocuments
      ? withinVersion
      : withinVersion.filter((entry) => entry.document === undefined);
    return {
      items: redacted ? shown.map(redactAuditEntry) : shown,
      nextCursor: moreShown && last ? encodeCursor(fingerprint, auditPosition(last)) : null,
    };
  }

  /** @throws NotFoundError when no project has this id */
  protected async loadStored(id: string): Promise<StoredProject> {
    const stored = isProjectId(id) ? await this.repository.getStored(id) : undefined;
    if (!stored) throw new NotFoundError('Project not found');
    return stored;
  }

  /**
   * The version of the project the caller reads, once the policy allows `action` on it.
   * @throws NotFoundError when the caller may not see it, ForbiddenError when it may not do `action`
   */
  protected readable(principal: Principal, action: ProjectAction, stored: StoredProject): Project {
    assertAuthorized(principal, action, accessFactsFor(principal, stored));
    const version = versionFor(principal, stored);
    if (version === undefined) throw new NotFoundError('Project not found');
    return version;
  }
}

/** The write side: every change to a project. */
export class ProjectService extends ProjectReader {
  constructor(private readonly deps: ProjectServiceDeps) {
    super(deps.projects);
  }

  /** `POST /projects`. */
  async create(principal: Principal, body: unknown): Promise<Project> {
    assertAuthorized(principal, 'project:create');
    return this.createFromInput(principal, parseOrThrow(projectCreateSchema, body));
  }

  /** Creates a project from an already parsed body (imports parse rows themselves). */
  async createFromInput(principal: Principal, input: ProjectCreateInput): Promise<Project> {
    assertAuthorized(principal, 'project:create');
    await this.assertOrganisationRegistered(principal);
    const { project, audit } = createProject(input, await this.context(principal, input.investments));
    await this.repository.create(project, audit, this.eventsOf(project, audit));
    return project;
  }

  /**
   * A project's `orgId` names a registered organisation. The caller's organisation comes from its
   * token, so a missing one is a 403 about the caller, not a 422 about the body: nothing in the
   * request could fix it, an admin must register the organisation first.
   */
  private async assertOrganisationRegistered(principal: Principal): Promise<void> {
    const { orgId } = principal;
    if (orgId !== undefined && !(await this.deps.organisations.exists(orgId))) {
      throw new ForbiddenError(
        `Your organisation ${orgId} is not registered in the tracker; an admin registers it with PUT /organisations/${orgId}`,
      );
    }
  }

  /** Applies a patch to the current version, whatever it is (imports do not send If-Match). */
  async replaceFields(principal: Principal, id: string, patch: ProjectPatch): Promise<Project> {
    const stored = await this.loadStored(id);
    this.readable(principal, 'project:edit', stored);
    const { current, accepted } = stored;
    const { project, audit } = patchProject(
      current,
      patch,
      await this.context(principal, patch.investments ?? []),
      accepted,
    );
    if (audit) await this.repository.update(current, project, audit, this.eventsOf(project, audit));
    return project;
  }

  /** The project an external reference belongs to, if any. */
  async projectIdOfExternalRef(ref: ExternalRefKey): Promise<string | undefined> {
    return this.repository.findByExternalRef(ref);
  }

  /** `PATCH /projects/{id}`: a merge patch, at the version the caller read. */
  async patch(principal: Principal, id: string, body: unknown, ifMatchVersion: number): Promise<Project> {
    const patch = parseOrThrow(projectPatchSchema, body);
    const { current, accepted } = await this.loadForChange(principal, id, 'project:edit', ifMatchVersion);
    const { project, audit } = patchProject(
      current,
      patch,
      await this.context(principal, patch.investments ?? []),
      accepted,
    );
    if (audit) await this.repository.update(current, project, audit, this.eventsOf(project, audit));
    return project;
  }

  /** `POST /projects/{id}/status`. */
  async changeStatus(
    principal: Principal,
    id: string,
    body: unknown,
    ifMatchVersion: number,
  ): Promise<Project> {
    const change = parseOrThrow(statusChangeSchema, body);
    const { current, accepted } = await this.loadForChange(
      principal,
      id,
      'project:change_status',
      ifMatchVersion,
    );
    const { project, audit } = changeStatus(current, change, await this.context(principal, []), accepted);
    await this.repository.update(current, project, audit, this.eventsOf(project, audit));
    return project;
  }

  /** `POST /projects/{id}/review` (the four-eyes rule is `reviewProject`'s). */
  async review(principal: Principal, id: string, body: unknown, ifMatchVersion: number): Promise<Project> {
    const review = parseOrThrow(reviewSchema, body);
    const { current } = await this.loadForChange(principal, id, 'project:review', ifMatchVersion);
    const { project, audit } = reviewProject(current, review, await this.context(principal, []));
    await this.repository.update(current, project, audit, this.eventsOf(project, audit));
    return project;
  }

  /** The events of a change about to be stored, stamped with the change's time. */
  private eventsOf(project: Project, audit: AuditEntry) {
    return projectChangeEvents(project, audit, { occurredAt: audit.at });
  }

  /** Loads a project the caller may act on, at the version it read. */
  async loadForChange(
    principal: Principal,
    id: string,
    action: 'project:edit' | 'project:change_status' | 'project:review',
    ifMatchVersion: number,
  ): Promise<StoredProject> {
    const stored = await this.loadStored(id);
    this.readable(principal, action, stored);
    if (stored.current.version !== ifMatchVersion) {
      throw new VersionConflictError('If-Match does not name the current version of the project');
    }
    return stored;
  }

  /** The context of a change, with the USD rates its investments need loaded first. */
  async context(principal: Principal, investments: readonly InvestmentInput[]): Promise<ProjectContext> {
    const rates = await this.deps.fx.usdRates(fxRatesNeeded(investments));
    const usdPerUnit: UsdRateLookup = (currency, year) => rates.get(fxKey(currency, year));
    return { principal, now: this.deps.now(), newId: this.deps.newId, usdPerUnit };
  }
}
