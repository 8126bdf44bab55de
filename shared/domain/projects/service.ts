/**
 * The projects use cases: what each project route does, in the domain's words. Handlers parse
 * the HTTP request into these calls and turn the answers into responses; storage comes in through
 * the ports, time and identifiers through the clock and id source.
 */
import { decodeCursor, encodeCursor, listingFingerprint } from '../cursor.ts';
import { ForbiddenError, NotFoundError, VersionConflictError } from '../errors.ts';
import type { Page } from '../pagination.ts';
import { assertAuthorized, authorize, listScope, type Principal } from '../policy.ts';
import { fxKey } from '../reference/fx.ts';
import { parseOrThrow } from '../validation.ts';
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
 * asked for. Filters that no index covers are applied on the way.
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
      return [{ kind: 'review_state', reviewState: 'accepted' }];
    case 'accepted_and_own_org': {
      const own: ProjectPartition = { kind: 'org', orgId: scope.orgId };
      const accepted: ProjectPartition = { kind: 'review_state', reviewState: 'accepted' };
      if (filters.orgId === scope.orgId) return [own];
      if (filters.orgId !== undefined)
        return filters.reviewState && filters.reviewState !== 'accepted' ? [] : [accepted];
      if (filters.reviewState === 'accepted') return [accepted];
      if (filters.reviewState !== undefined) return [own];
      return [accepted, own];
    }
  }
}

/** The read side: what a read-only function needs (and all it may touch). */
export class ProjectReader {
  constructor(protected readonly repository: ProjectRepository) {}

  /** `GET /projects/{id}`. @throws NotFoundError when it does not exist or the caller may not see it */
  async get(principal: Principal, id: string): Promise<Project> {
    const project = await this.load(id);
    assertAuthorized(principal, 'project:read', project);
    return project;
  }

  /** `GET /projects`: the projects the caller may see that match the filters, newest first. */
  async list(principal: Principal, request: ListRequest): Promise<Page<Project>> {
    assertAuthorized(principal, 'project:list');
    const scope = listScope(principal);
    const fingerprint = listingFingerprint('projects', { ...request.filters, scope: JSON.stringify(scope) });
    const beforeId = request.cursor ? decodeCursor(fingerprint, request.cursor, isProjectId) : undefined;
    const partitions = partitionsFor(principal, request.filters);
    if (partitions.length === 0) return { items: [], nextCursor: null };
    const { projects, more } = await this.repository.list({
      partitions,
      filters: request.filters,
      limit: request.limit,
      ...(beforeId ? { beforeId } : {}),
    });
    const last = projects.at(-1);
    return { items: projects, nextCursor: more && last ? encodeCursor(fingerprint, last.id) : null };
  }

  /** `GET /projects/{id}/history`: audit entries, oldest first. */
  async history(principal: Principal, id: string, limit: number, cursor?: string): Promise<Page<AuditEntry>> {
    const project = await this.load(id);
    assertAuthorized(principal, 'project:read_history', project);
    const fingerprint = listingFingerprint('history', { id });
    const after = cursor ? decodeCursor(fingerprint, cursor, isAuditPosition) : undefined;
    const { entries, more } = await this.repository.history(id, limit, after);
    // Document events only for those who may see the documents (docs/evidence.md); the cursor
    // still moves past the entries left out.
    const showDocuments = authorize(principal, 'document:read', project) !== 'not_found';
    const last = entries.at(-1);
    return {
      items: showDocuments ? entries : entries.filter((entry) => entry.document === undefined),
      nextCursor: more && last ? encodeCursor(fingerprint, auditPosition(last)) : null,
    };
  }

  /** @throws NotFoundError when no project has this id */
  protected async load(id: string): Promise<Project> {
    const project = isProjectId(id) ? await this.repository.get(id) : undefined;
    if (!project) throw new NotFoundError('Project not found');
    return project;
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
    const { project, audit } = createProject(input, await this.context(principal, input.investments));
    await this.repository.create(project, audit);
    return project;
  }

  /** Applies a patch to the current version, whatever it is (imports do not send If-Match). */
  async replaceFields(principal: Principal, id: string, patch: ProjectPatch): Promise<Project> {
    const current = await this.load(id);
    assertAuthorized(principal, 'project:edit', current);
    const { project, audit } = patchProject(
      current,
      patch,
      await this.context(principal, patch.investments ?? []),
    );
    if (audit) await this.repository.update(current, project, audit);
    return project;
  }

  /** The project an external reference belongs to, if any. */
  async projectIdOfExternalRef(ref: ExternalRefKey): Promise<string | undefined> {
    return this.repository.findByExternalRef(ref);
  }

  /** `PATCH /projects/{id}`: a merge patch, at the version the caller read. */
  async patch(principal: Principal, id: string, body: unknown, ifMatchVersion: number): Promise<Project> {
    const patch = parseOrThrow(projectPatchSchema, body);
    const current = await this.loadForChange(principal, id, 'project:edit', ifMatchVersion);
    const { project, audit } = patchProject(
      current,
      patch,
      await this.context(principal, patch.investments ?? []),
    );
    if (audit) await this.repository.update(current, project, audit);
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
    const current = await this.loadForChange(principal, id, 'project:change_status', ifMatchVersion);
    const { project, audit } = changeStatus(current, change, await this.context(principal, []));
    await this.repository.update(current, project, audit);
    return project;
  }

  /** `POST /projects/{id}/review`. */
  async review(principal: Principal, id: string, body: unknown, ifMatchVersion: number): Promise<Project> {
    const review = parseOrThrow(reviewSchema, body);
    const current = await this.loadForChange(principal, id, 'project:review', ifMatchVersion);
    // Acceptance puts a project into the public indicators, so it takes a second person.
    if (current.createdBy === principal.subject)
      throw new ForbiddenError('Whoever created a project cannot review it');
    const { project, audit } = reviewProject(current, review, await this.context(principal, []));
    await this.repository.update(current, project, audit);
    return project;
  }

  /** Loads a project the caller may act on, at the version it read. */
  async loadForChange(
    principal: Principal,
    id: string,
    action: 'project:edit' | 'project:change_status' | 'project:review',
    ifMatchVersion: number,
  ): Promise<Project> {
    const current = await this.load(id);
    assertAuthorized(principal, action, current);
    if (current.version !== ifMatchVersion) {
      throw new VersionConflictError('If-Match does not name the current version of the project');
    }
    return current;
  }

  /** The context of a change, with the USD rates its investments need loaded first. */
  async context(principal: Principal, investments: readonly InvestmentInput[]): Promise<ProjectContext> {
    const rates = await this.deps.fx.usdRates(fxRatesNeeded(investments));
    const usdPerUnit: UsdRateLookup = (currency, year) => rates.get(fxKey(currency, year));
    return { principal, now: this.deps.now(), newId: this.deps.newId, usdPerUnit };
  }
}
