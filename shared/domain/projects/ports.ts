/**
 * What the projects use cases need from storage. DynamoDB adapters implement these in
 * `shared/adapters/dynamodb/`; unit tests use in-memory fakes.
 */

import type { DomainEvent } from '../events/schema.ts';
import type { StoredProject } from './publication.ts';
import type {
  AuditEntry,
  ExternalRefSystem,
  LifecycleStatus,
  Program,
  Project,
  ReviewState,
  Technology,
} from './schema.ts';

/** Filters of `GET /projects`; every one given must match. */
export interface ProjectFilters {
  readonly hostCountry?: string | undefined;
  readonly technology?: Technology | undefined;
  readonly status?: LifecycleStatus | undefined;
  readonly program?: Program | undefined;
  readonly reviewState?: ReviewState | undefined;
  readonly orgId?: string | undefined;
}

/**
 * The partitions a listing reads, each backed by an index: every project, one review state, or
 * one organisation (current records), or the published projects (their accepted versions, but
 * none of `exceptOrgId`'s, whose current records another partition gives). A listing of several
 * partitions is their union, newest first, without repeats.
 */
export type ProjectPartition =
  | { readonly kind: 'all' }
  | { readonly kind: 'review_state'; readonly reviewState: ReviewState }
  | { readonly kind: 'org'; readonly orgId: string }
  | { readonly kind: 'published'; readonly exceptOrgId?: string };

export interface ProjectListQuery {
  readonly partitions: readonly ProjectPartition[];
  readonly filters: ProjectFilters;
  readonly limit: number;
  /** The id of the last project already returned (ids are time-sortable; listings run newest first). */
  readonly beforeId?: string;
}

export interface ProjectListResult {
  readonly projects: readonly Project[];
  /**
   * Where the next page starts (its `beforeId`), present when more projects may follow. A listing
   * reads one bounded index page per partition, so when filters match rarely a page can hold fewer
   * projects than the limit, even none, and still name where to go on (docs/operations.md).
   */
  readonly nextBeforeId?: string;
}

/** A claim that an external reference (`system` + `id`) belongs to one project. */
export interface ExternalRefKey {
  readonly system: ExternalRefSystem;
  readonly id: string;
}

export interface ProjectRepository {
  /** The current record. */
  get(id: string): Promise<Project | undefined>;
  /** The current record and the accepted version (see `publication.ts`), read together. */
  getStored(id: string): Promise<StoredProject | undefined>;
  /**
   * Stores a new project with its first audit entry, its external-reference claims and the events
   * of the decision (in the outbox, `docs/events.md`), atomically.
   * @throws ConflictError when one of its external references already belongs to another project
   */
  create(project: Project, audit: AuditEntry, events?: readonly DomainEvent[]): Promise<void>;
  /**
   * Stores the next version of a project with its audit entry, only if the stored version is still
   * `previous.version`; moves external-reference claims along and puts the events of the decision
   * in the outbox, atomically. The accepted version
   * follows from the two records (the invariants of `publication.ts`): when `previous` was accepted
   * and `next` is a pending revision, `previous` is kept as the accepted version; when `next` is
   * accepted or no longer published, the version kept apart is dropped; otherwise it stays.
   * @throws VersionConflictError when the stored version has moved on
   * @throws ConflictError when a new external reference already belongs to another project
   */
  update(previous: Project, next: Project, audit: AuditEntry, events?: readonly DomainEvent[]): Promise<void>;
  list(query: ProjectListQuery): Promise<ProjectListResult>;
  /**
   * Audit entries oldest first, after the given position (`auditPosition`; a bare version number
   * stands for that version's entry).
   */
  history(
    id: string,
    limit: number,
    after?: string | number,
  ): Promise<{ entries: AuditEntry[]; more: boolean }>;
  /** The id of the project an external reference belongs to, if any. */
  findByExternalRef(ref: ExternalRefKey): Promise<string | undefined>;
}

/** The FX table, as the projects need it: annual average USD per unit of a currency. */
export interface FxRateSource {
  /** Rates for the given (currency, year) pairs; pairs without a rate are absent from the map (key `JPY:2024`). */
  usdRates(
    pairs: ReadonlyArray<{ readonly currency: string; readonly year: number }>,
  ): Promise<Map<string, number>>;
}

/** The reading half of `ProjectRepository`: what the functions that never write a project are given. */
export type ProjectReads = Pick<
  ProjectRepository,
  'get' | 'getStored' | 'list' | 'history' | 'findByExternalRef'
>;
