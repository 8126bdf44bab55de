/**
 * In-memory fakes of the projects ports, for domain tests. They are real implementations over Maps
 * that keep the contract of the DynamoDB adapter (`shared/adapters/dynamodb/projects-table.ts`):
 * conditional writes on `version`, unique external-reference claims, the accepted version kept
 * apart while a revision is pending, listings that read the union of index partitions newest first
 * (the published partition giving accepted versions), history oldest first. Records are copied in and out, so a caller
 * that changes what it got cannot change what is stored, as with a database.
 */
import { ConflictError, VersionConflictError } from '../../shared/domain/errors.ts';
import type { DomainEvent } from '../../shared/domain/events/schema.ts';
import type { IndicatorInputSource, ProjectRef } from '../../shared/domain/indicator-runs/ports.ts';
import type { MetricReport } from '../../shared/domain/metrics/schema.ts';
import { auditPosition, normalizedAuditPosition } from '../../shared/domain/projects/history-position.ts';
import type {
  ExternalRefKey,
  FxRateSource,
  ProjectFilters,
  ProjectListQuery,
  ProjectListResult,
  ProjectPartition,
  ProjectRepository,
} from '../../shared/domain/projects/ports.ts';
import { hasPendingRevision, type StoredProject } from '../../shared/domain/projects/publication.ts';
import type { AuditEntry, Project } from '../../shared/domain/projects/schema.ts';
import { fxKey } from '../../shared/domain/reference/fx.ts';

const refKey = (ref: ExternalRefKey) => `${ref.system}#${ref.id}`;

function refsOf(project: Project): ExternalRefKey[] {
  return (project.externalRefs ?? []).map(({ system, id }) => ({ system, id }));
}

function inPartition(partition: ProjectPartition, project: Project): boolean {
  switch (partition.kind) {
    case 'all':
      return true;
    case 'review_state':
      return project.reviewState === partition.reviewState;
    case 'org':
      return project.orgId === partition.orgId;
    case 'published':
      return project.orgId !== partition.exceptOrgId;
  }
}

function matches(filters: ProjectFilters, project: Project): boolean {
  return (
    (filters.hostCountry === undefined || project.hostCountry === filters.hostCountry) &&
    (filters.technology === undefined || project.technology === filters.technology) &&
    (filters.status === undefined || project.status === filters.status) &&
    (filters.program === undefined || project.programs.includes(filters.program)) &&
    (filters.reviewState === undefined || project.reviewState === filters.reviewState) &&
    (filters.orgId === undefined || project.orgId === filters.orgId)
  );
}

/** Projects, their audit entries and their external-reference claims, in memory. */
export class InMemoryProjectRepository implements ProjectRepository {
  private readonly projects = new Map<string, Project>();
  /** The accepted versions of projects with a pending revision (an accepted project is its own). */
  private readonly keptAccepted = new Map<string, Project>();
  private readonly audits = new Map<string, AuditEntry[]>();
  /** External reference (`system#id`) → the id of the project it belongs to. */
  private readonly claims = new Map<string, string>();
  /** The outbox: every event stored with a decision, in the order stored. */
  readonly events: DomainEvent[] = [];

  /** Appends an entry to a project's history, as the documents adapter does in the same table. */
  appendAudit(audit: AuditEntry): void {
    this.audits.get(audit.projectId)?.push(structuredClone(audit));
  }

  async get(id: string): Promise<Project | undefined> {
    const project = this.projects.get(id);
    return project === undefined ? undefined : structuredClone(project);
  }

  async getStored(id: string): Promise<StoredProject | undefined> {
    const current = await this.get(id);
    if (current === undefined) return undefined;
    if (current.reviewState === 'accepted') return { current, accepted: structuredClone(current) };
    const kept = hasPendingRevision(current) ? this.keptAccepted.get(id) : undefined;
    return { current, accepted: kept === undefined ? undefined : structuredClone(kept) };
  }

  /** The accepted version of every published project, in id order (what the indicator job reads). */
  publishedProjects(): Project[] {
    return [...this.projects.values()]
      .map((project) => (project.reviewState === 'accepted' ? project : this.keptAccepted.get(project.id)))
      .filter((project): project is Project => project !== undefined)
      .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
      .map((project) => structuredClone(project));
  }

  async create(project: Project, audit: AuditEntry, events: readonly DomainEvent[] = []): Promise<void> {
    if (this.projects.has(project.id)) throw new ConflictError(`Project ${project.id} already exists`);
    const refs = refsOf(project);
    this.assertClaimable(refs, project.id);
    this.events.push(...structuredClone(events));
    this.projects.set(project.id, structuredClone(project));
    this.audits.set(project.id, [structuredClone(audit)]);
    for (const ref of refs) this.claims.set(refKey(ref), project.id);
  }

  async update(
    previous: Project,
    next: Project,
    audit: AuditEntry,
    events: readonly DomainEvent[] = [],
  ): Promise<void> {
    const stored = this.projects.get(previous.id);
    const entries = this.audits.get(previous.id) ?? [];
    if (stored?.version !== previous.version || entries.some((e) => e.version === audit.version)) {
      throw new VersionConflictError(`Project ${next.id} has changed since version ${previous.version}`);
    }
    const before = new Set(refsOf(previous).map(refKey));
    const after = refsOf(next);
    const added = after.filter((ref) => !before.has(refKey(ref)));
    this.assertClaimable(added, next.id);

    if (!hasPendingRevision(previous) && hasPendingRevision(next)) {
      if (previous.reviewState !== 'accepted' || next.acceptedVersion !== previous.version) {
        throw new TypeError(`Project ${next.id}: a pending revision must follow its accepted version`);
      }
      this.keptAccepted.set(next.id, structuredClone(previous));
    }
    if (!hasPendingRevision(next)) this.keptAccepted.delete(next.id);
    this.events.push(...structuredClone(events));
    this.projects.set(next.id, structuredClone(next));
    this.audits.set(next.id, [...entries, structuredClone(audit)]);
    const kept = new Set(after.map(refKey));
    for (const key of before) {
      if (!kept.has(key) && this.claims.get(key) === next.id) this.claims.delete(key);
    }
    for (const ref of added) this.claims.set(refKey(ref), next.id);
  }

  async list(query: ProjectListQuery): Promise<ProjectListResult> {
    const byId = new Map<string, Project>();
    for (const partition of query.partitions) {
      const records = partition.kind === 'published' ? this.publishedProjects() : [...this.projects.values()];
      for (const project of records) {
        if (inPartition(partition, project) && matches(query.filters, project)) byId.set(project.id, project);
      }
    }
    const found = [...byId.values()]
      .filter((project) => query.beforeId === undefined || project.id < query.beforeId)
      .sort((a, b) => (a.id < b.id ? 1 : a.id > b.id ? -1 : 0));
    const page = found.slice(0, query.limit);
    const last = page.at(-1);
    return {
      projects: page.map((project) => structuredClone(project)),
      ...(found.length > query.limit && last ? { nextBeforeId: last.id } : {}),
    };
  }

  async history(
    id: string,
    limit: number,
    afterPosition: string | number = 0,
  ): Promise<{ entries: AuditEntry[]; more: boolean }> {
    const from = normalizedAuditPosition(afterPosition);
    const after = (this.audits.get(id) ?? [])
      .filter((entry) => auditPosition(entry) > from)
      .sort((a, b) => (auditPosition(a) < auditPosition(b) ? -1 : 1));
    return {
      entries: after.slice(0, limit).map((entry) => structuredClone(entry)),
      more: after.length > limit,
    };
  }

  async findByExternalRef(ref: ExternalRefKey): Promise<string | undefined> {
    return this.claims.get(refKey(ref));
  }

  /** How many projects are stored (to show that something did or did not add one). */
  get size(): number {
    return this.projects.size;
  }

  /** @throws ConflictError when one of the references already belongs to another project */
  private assertClaimable(refs: readonly ExternalRefKey[], projectId: string): void {
    for (const ref of refs) {
      const owner = this.claims.get(refKey(ref));
      if (owner !== undefined && owner !== projectId) {
        throw new ConflictError(
          `External reference ${ref.system}:${ref.id} already belongs to another project`,
        );
      }
    }
  }
}

/** An FX table from `'CUR:YEAR'` keys, e.g. `{ 'JPY:2024': 0.0066 }`. */
export class InMemoryFxRates implements FxRateSource {
  constructor(private readonly table: Readonly<Record<string, number>> = {}) {}

  async usdRates(
    pairs: ReadonlyArray<{ readonly currency: string; readonly year: number }>,
  ): Promise<Map<string, number>> {
    const rates = new Map<string, number>();
    for (const { currency, year } of pairs) {
      const key = fxKey(currency, year);
      const rate = this.table[key];
      if (rate !== undefined) rates.set(key, rate);
    }
    return rates;
  }
}

const crockford = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/**
 * A deterministic ULID source: `01J` and a counter in Crockford base32, zero-padded to 26
 * characters, so that ids sort in the order they were issued, as real ULIDs do.
 */
export function sequentialUlids(): () => string {
  let issued = 0;
  return () => {
    issued += 1;
    let digits = '';
    for (let n = issued; n > 0; n = Math.floor(n / 32)) digits = crockford[n % 32] + digits;
    return `01J${digits.padStart(23, '0')}`;
  };
}

/**
 * The indicator job's inputs over the in-memory fakes: the accepted version of every published
 * project (as the DynamoDB adapter reads gsi2 `REVIEW#accepted`), a page of `pageSize` at a time,
 * and the reports given per project id.
 */
export class InMemoryIndicatorInputs implements IndicatorInputSource {
  constructor(
    private readonly projects: InMemoryProjectRepository,
    private readonly reports: ReadonlyMap<string, readonly MetricReport[]> = new Map(),
    private readonly pageSize = 100,
  ) {}

  async *acceptedProjects(): AsyncIterable<readonly Project[]> {
    const published = this.projects.publishedProjects();
    for (let start = 0; start < published.length; start += this.pageSize) {
      yield published.slice(start, start + this.pageSize);
    }
  }

  async *acceptedProjectRefs(): AsyncIterable<readonly ProjectRef[]> {
    for await (const page of this.acceptedProjects())
      yield page.map((project) => ({ id: project.id, key: 'published' }));
  }

  async projectsByRef(refs: readonly ProjectRef[]): Promise<Project[]> {
    const wanted = new Set(refs.map((ref) => ref.id));
    return this.projects.publishedProjects().filter((project) => wanted.has(project.id));
  }

  async latestReports(projectId: string): Promise<MetricReport[]> {
    return structuredClone([...(this.reports.get(projectId) ?? [])]);
  }
}
