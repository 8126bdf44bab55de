/**
 * The projects use cases: what each project route does, in the domain's words. Handlers parse
 * the HTTP request into these calls and turn the answers into responses; storage comes in through
 * the ports, time and identifiers through the clock and id source. The reads are in `reads.ts`.
 */
import { ForbiddenError, VersionConflictError } from '../errors.ts';
import { projectChangeEvents } from '../events/decisions.ts';
import type { OrganisationDirectory } from '../organisations/ports.ts';
import { assertAuthorized, type Principal } from '../policy.ts';
import { fxKey } from '../reference/fx.ts';
import { parseOrThrow } from '../validation.ts';
import type { ExternalRefKey, FxRateSource, ProjectRepository } from './ports.ts';
import {
  changeStatus,
  createProject,
  fxRatesNeeded,
  type ProjectContext,
  patchProject,
  reviewProject,
  type UsdRateLookup,
} from './project.ts';
import type { StoredProject } from './publication.ts';
import { ProjectReader, type ProjectReaderDeps } from './reads.ts';
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

export { type ListRequest, ProjectReader, type ProjectReaderDeps, partitionsFor } from './reads.ts';

export interface ProjectServiceDeps extends ProjectReaderDeps {
  readonly projects: ProjectRepository;
  readonly fx: FxRateSource;
  /** The registered organisations: a project belongs to one (docs/machine-clients.md). */
  readonly organisations: OrganisationDirectory;
  /** The current time, ISO 8601 UTC. */
  readonly now: () => string;
  /** A new time-sortable id (ULID). */
  readonly newId: () => string;
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
    await this.deps.projects.create(project, audit, this.eventsOf(project, audit));
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
    if (audit) await this.deps.projects.update(current, project, audit, this.eventsOf(project, audit));
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
    if (audit) await this.deps.projects.update(current, project, audit, this.eventsOf(project, audit));
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
    await this.deps.projects.update(current, project, audit, this.eventsOf(project, audit));
    return project;
  }

  /** `POST /projects/{id}/review` (the four-eyes rule is `reviewProject`'s). */
  async review(principal: Principal, id: string, body: unknown, ifMatchVersion: number): Promise<Project> {
    const review = parseOrThrow(reviewSchema, body);
    const { current } = await this.loadForChange(principal, id, 'project:review', ifMatchVersion);
    const { project, audit } = reviewProject(current, review, await this.context(principal, []));
    await this.deps.projects.update(current, project, audit, this.eventsOf(project, audit));
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
