/**
 * The read side of projects: what a read-only function needs (and all it may touch). Apart from
 * `service.ts`, so that the functions that only read bundle none of the write paths' input schemas.
 */
import { decodeCursor, encodeCursor, listingFingerprint } from '../cursor.ts';
import { NotFoundError } from '../errors.ts';
import { isProjectId } from '../ids.ts';
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
import { type RedactedAuditEntry, redactAuditEntry } from './history.ts';
import { auditPosition, isAuditPosition } from './history-position.ts';
import type { ProjectFilters, ProjectPartition, ProjectReads } from './ports.ts';
import { accessFactsFor, publishedView, type StoredProject, versionFor } from './publication.ts';
import type { AuditEntry, Project } from './schema.ts';

export interface ProjectReaderDeps {
  readonly projects: ProjectReads;
}

export interface ListRequest {
  readonly filters: ProjectFilters;
  readonly limit: number;
  readonly cursor?: string;
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
  constructor(protected readonly repository: ProjectReads) {}

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
