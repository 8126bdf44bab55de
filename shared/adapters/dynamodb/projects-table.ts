/**
 * The projects table: key design, item mappers and the repository over it.
 *
 * Items (pk / sk):
 * - project:      `PROJECT#<id>` / `PROJECT`      — the current record; gsi1 `ORG#<orgId>`, gsi2 `REVIEW#<state>`, gsi3 `PROJECTS`, each sorted by id
 * - accepted:     `PROJECT#<id>` / `PROJECT#ACCEPTED` — the accepted version of a project with a pending
 *   revision (see `domain/projects/publication.ts`), kept apart while the revision awaits review;
 *   gsi2 `REVIEW#accepted` only (never gsi1 or gsi3, which list current records)
 * - audit entry:  `PROJECT#<id>` / `AUDIT#<version, 8 digits>` — immutable, written with the version it records;
 *                 a document event's entry sorts after it: `AUDIT#<version>#DOC#<docId>#<doc version, 4 digits>`
 * - document:     `PROJECT#<id>` / `DOC#<docId>` — an evidence document (`documents.ts`)
 * - external ref: `EXTREF#<system>#<id>` / `EXTREF` — which project an external reference belongs to (unique)
 * - reminder:     `PROJECT#<id>` / `REMINDER#<yyyy-mm>` — the reminders sent for a month's missing report (`reminders.ts`)
 * - outbox:       `OUTBOX#<eventId>` / `OUTBOX` — an event of a decision stored here, until published (`outbox.ts`)
 *
 * gsi4 is the review queue, sparse: a current record carries gsi4 `QUEUE` / `<updatedAt>#project#<id>`
 * only while its `reviewState` is `submitted`, set and removed by the same Put that changes the state
 * (`review-queue.ts` reads it with the metrics table's queue, docs/review-queue.md).
 *
 * The published projects are the gsi2 partition `REVIEW#accepted`, one item per project: the
 * current record while it is accepted (it is then the accepted version), or the accepted item while
 * a revision is pending. A withdrawn project has neither. Items written before accepted versions
 * were kept are accepted current records, so they are published as they are, without a migration.
 *
 * Access patterns:
 * - one project (GetItem) with, while a revision is pending, its accepted version (both in one
 *   TransactGetItems), its history (oldest first): the base table
 * - all projects / one review state / one organisation, newest first: gsi3 / gsi2 / gsi1 (ids are ULIDs);
 *   one bounded page per request, other filters applied on the way (short pages, never a walk)
 * - the published projects' accepted versions, by id: gsi2 `REVIEW#accepted` (the indicator job, viewers' lists)
 * - the project of an external reference (imports match on it): the claim item
 * - the published projects that are operating (the reminder job): gsi4 `OPERATING`, sparse, on the
 *   item that is published (the current record while accepted, else the accepted item)
 */
import {
  type DynamoDBDocumentClient,
  GetCommand,
  QueryCommand,
  type QueryCommandInput,
  TransactGetCommand,
  TransactWriteCommand,
  type TransactWriteCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { ConflictError, VersionConflictError } from '../../domain/errors.ts';
import type { DomainEvent } from '../../domain/events/schema.ts';
import { auditPosition, normalizedAuditPosition } from '../../domain/projects/history-position.ts';
import type {
  ExternalRefKey,
  ProjectFilters,
  ProjectListQuery,
  ProjectListResult,
  ProjectPartition,
  ProjectReads,
  ProjectRepository,
} from '../../domain/projects/ports.ts';
import { hasPendingRevision, type StoredProject } from '../../domain/projects/publication.ts';
import type { AuditEntry, Project } from '../../domain/projects/schema.ts';
import { cancellationCode, cancellationCodes } from './cancellation.ts';
import { type Item, recordOf } from './items.ts';
import { outboxPuts } from './outbox.ts';
import { queuePosition, reviewQueuePartition } from './review-queue-keys.ts';

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

export const projectKey = (id: string) => ({ pk: `PROJECT#${id}`, sk: 'PROJECT' });
export const acceptedKey = (id: string) => ({ pk: `PROJECT#${id}`, sk: 'PROJECT#ACCEPTED' });
const publishedPartition = 'REVIEW#accepted';
/** The sparse gsi4 partition of the published projects whose published version is operating. */
export const operatingPartition = 'OPERATING';
const operatingKeys = (project: Project) =>
  project.status === 'operating' ? { gsi4pk: operatingPartition, gsi4sk: project.id } : {};
const auditSortKey = (position: string | number) => `AUDIT#${normalizedAuditPosition(position)}`;
const externalRefKey = (ref: ExternalRefKey) => ({ pk: `EXTREF#${ref.system}#${ref.id}`, sk: 'EXTREF' });

const partitionIndex = (
  partition: ProjectPartition,
): { indexName: string; pk: string; pkValue: string; sk: string } => {
  switch (partition.kind) {
    case 'org':
      return { indexName: 'gsi1', pk: 'gsi1pk', pkValue: `ORG#${partition.orgId}`, sk: 'gsi1sk' };
    case 'review_state':
      return { indexName: 'gsi2', pk: 'gsi2pk', pkValue: `REVIEW#${partition.reviewState}`, sk: 'gsi2sk' };
    case 'published':
      return { indexName: 'gsi2', pk: 'gsi2pk', pkValue: publishedPartition, sk: 'gsi2sk' };
    case 'all':
      return { indexName: 'gsi3', pk: 'gsi3pk', pkValue: 'PROJECTS', sk: 'gsi3sk' };
  }
};

/** The stored item of a project: the record plus its keys. */
export function projectItem(project: Project): Item {
  return {
    ...projectKey(project.id),
    entity: 'project',
    gsi1pk: `ORG#${project.orgId}`,
    gsi1sk: project.id,
    gsi2pk: `REVIEW#${project.reviewState}`,
    gsi2sk: project.id,
    gsi3pk: 'PROJECTS',
    gsi3sk: project.id,
    // gsi4: waiting for review (submitted) or, once accepted, operating; never both.
    ...projectQueueAttributes(project),
    ...(project.reviewState === 'accepted' ? operatingKeys(project) : {}),
    ...project,
  };
}

/** A project's review-queue attributes: present only while it waits for a decision (a sparse index). */
function projectQueueAttributes(project: Project): Item {
  if (project.reviewState !== 'submitted') return {};
  return { gsi4pk: reviewQueuePartition, gsi4sk: queuePosition(project.updatedAt, 'project', project.id) };
}

/** The stored item of a project's accepted version, kept apart while a revision is pending. */
export function acceptedItem(accepted: Project): Item {
  return {
    ...acceptedKey(accepted.id),
    entity: 'project_accepted',
    gsi2pk: publishedPartition,
    gsi2sk: accepted.id,
    ...operatingKeys(accepted),
    ...accepted,
  };
}

/**
 * The record of a stored project item (current or accepted). An item accepted before accepted
 * versions were kept has none recorded: its accepted version is the record itself.
 */
export function projectFromItem(item: Item): Project {
  const project = recordOf<Project>(item);
  if (project.reviewState !== 'accepted' || project.acceptedVersion !== undefined) return project;
  return { ...project, acceptedVersion: project.version, pendingChanges: [] };
}

/** The project and its accepted version from its current item and, if there is one, its accepted item. */
function storedFromItems(items: readonly Item[]): StoredProject | undefined {
  const currentItem = items.find((item) => item.sk === 'PROJECT');
  if (currentItem === undefined) return undefined;
  const current = projectFromItem(currentItem);
  const kept = items.find((item) => item.sk === acceptedKey(current.id).sk);
  if (current.reviewState === 'accepted') return { current, accepted: current };
  if (!hasPendingRevision(current)) return { current, accepted: undefined };
  if (kept === undefined)
    throw new Error(`Project ${current.id} has a pending revision but no accepted version`);
  return { current, accepted: projectFromItem(kept) };
}

/** The write that keeps the accepted version apart, or drops it, as the change from `previous` to `next` needs. */
function acceptedWrite(tableName: string, previous: Project, next: Project): TransactItem[] {
  const keptBefore = hasPendingRevision(previous);
  const keptAfter = hasPendingRevision(next);
  if (!keptBefore && keptAfter) {
    if (previous.reviewState !== 'accepted' || next.acceptedVersion !== previous.version) {
      throw new TypeError(`Project ${next.id}: a pending revision must follow its accepted version`);
    }
    return [{ Put: { TableName: tableName, Item: acceptedItem(previous) } }];
  }
  if (keptBefore && !keptAfter) return [{ Delete: { TableName: tableName, Key: acceptedKey(next.id) } }];
  return [];
}

/** The stored item of an audit entry (of a project change or a document event). */
export function auditItem(audit: AuditEntry): Item {
  return {
    pk: projectKey(audit.projectId).pk,
    sk: auditSortKey(auditPosition(audit)),
    entity: 'audit',
    ...audit,
  };
}

function auditFromItem(item: Item): AuditEntry {
  return recordOf<AuditEntry>(item);
}

function refsOf(project: Project | undefined): ExternalRefKey[] {
  return (project?.externalRefs ?? []).map((ref) => ({ system: ref.system, id: ref.id }));
}

const refId = (ref: ExternalRefKey) => `${ref.system}#${ref.id}`;

/**
 * The filter expression for the filters that the chosen index does not already apply, and for the
 * partition: a review state lists current records only (not accepted versions kept apart), the
 * published partition leaves out the organisation whose current records another partition gives.
 */
function filterExpression(
  filters: ProjectFilters,
  partition: ProjectPartition,
): Pick<QueryCommandInput, 'FilterExpression' | 'ExpressionAttributeNames' | 'ExpressionAttributeValues'> {
  const clauses: string[] = [];
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = {};
  if (partition.kind === 'review_state' && partition.reviewState === 'accepted') {
    clauses.push('#p_entity = :p_entity');
    names['#p_entity'] = 'entity';
    values[':p_entity'] = 'project';
  }
  if (partition.kind === 'published' && partition.exceptOrgId !== undefined) {
    clauses.push('#p_orgId <> :p_exceptOrgId');
    names['#p_orgId'] = 'orgId';
    values[':p_exceptOrgId'] = partition.exceptOrgId;
  }
  const equal = (field: keyof ProjectFilters & string, value: string | undefined) => {
    if (value === undefined) return;
    clauses.push(`#f_${field} = :f_${field}`);
    names[`#f_${field}`] = field;
    values[`:f_${field}`] = value;
  };
  equal('hostCountry', filters.hostCountry);
  equal('technology', filters.technology);
  equal('status', filters.status);
  equal('reviewState', filters.reviewState);
  equal('orgId', filters.orgId);
  if (filters.program !== undefined) {
    clauses.push('contains(#f_programs, :f_program)');
    names['#f_programs'] = 'programs';
    values[':f_program'] = filters.program;
  }
  return clauses.length === 0
    ? {}
    : {
        FilterExpression: clauses.join(' AND '),
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
      };
}

/**
 * Projects in DynamoDB, read only: what the functions that never write a project bundle (the
 * writes, and the item, claim and transaction code only they use, stay out of their bundles).
 */
export class DynamoProjectReads implements ProjectReads {
  constructor(
    protected readonly client: DynamoDBDocumentClient,
    protected readonly tableName: string,
  ) {}

  async get(id: string): Promise<Project | undefined> {
    const { Item } = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: projectKey(id), ConsistentRead: true }),
    );
    return Item ? projectFromItem(Item) : undefined;
  }

  async getStored(id: string): Promise<StoredProject | undefined> {
    const current = await this.get(id);
    if (current === undefined || !hasPendingRevision(current)) {
      return current && { current, accepted: current.reviewState === 'accepted' ? current : undefined };
    }
    // Both items in one serializable read, so that a review committed in between cannot pair a
    // current record with an accepted version of another moment.
    const { Responses = [] } = await this.client.send(
      new TransactGetCommand({
        TransactItems: [
          { Get: { TableName: this.tableName, Key: projectKey(id) } },
          { Get: { TableName: this.tableName, Key: acceptedKey(id) } },
        ],
      }),
    );
    return storedFromItems(Responses.flatMap((response) => (response.Item ? [response.Item] : [])));
  }

  /**
   * One bounded index page per partition (`limit + 1` items, filters applied on the way), merged
   * newest first. A filter that matches rarely gives a short page rather than a longer read: only
   * what is newer than the newest place where a partition's read stopped has been seen in every
   * partition, so the page ends there and the next one starts there (docs/operations.md).
   */
  async list(query: ProjectListQuery): Promise<ProjectListResult> {
    const pages = await Promise.all(
      query.partitions.map((partition) => this.queryPartition(partition, query, query.limit + 1)),
    );
    const stops = pages.flatMap((page) => (page.stoppedAt === undefined ? [] : [page.stoppedAt]));
    const boundary = stops.reduce<string | undefined>(
      (newest, id) => (newest === undefined || id > newest ? id : newest),
      undefined,
    );
    const byId = new Map<string, Project>();
    for (const project of pages.flatMap((page) => page.projects)) {
      if (boundary === undefined || project.id >= boundary) byId.set(project.id, project);
    }
    const merged = [...byId.values()].sort((a, b) => (a.id < b.id ? 1 : a.id > b.id ? -1 : 0));
    const page = merged.slice(0, query.limit);
    const last = page.at(-1);
    if (merged.length > query.limit && last) return { projects: page, nextBeforeId: last.id };
    return { projects: page, ...(boundary === undefined ? {} : { nextBeforeId: boundary }) };
  }

  async history(
    id: string,
    limit: number,
    after?: string | number,
  ): Promise<{ entries: AuditEntry[]; more: boolean }> {
    // BETWEEN includes its lower bound, so the entry the last page ended with is read again and dropped.
    const from = after === undefined ? 'AUDIT#' : auditSortKey(after);
    const { Items = [] } = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
        ExpressionAttributeValues: { ':pk': projectKey(id).pk, ':from': from, ':to': 'AUDIT#~' },
        Limit: limit + 2,
      }),
    );
    const entries = Items.filter((item) => item.sk !== from);
    return { entries: entries.slice(0, limit).map(auditFromItem), more: entries.length > limit };
  }

  async findByExternalRef(ref: ExternalRefKey): Promise<string | undefined> {
    const { Item } = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: externalRefKey(ref), ConsistentRead: true }),
    );
    return typeof Item?.projectId === 'string' ? Item.projectId : undefined;
  }

  /** One index page of a partition: the projects on it that match, and the id it stopped at if it did not reach the end. */
  private async queryPartition(
    partition: ProjectPartition,
    query: ProjectListQuery,
    limit: number,
  ): Promise<{ projects: Project[]; stoppedAt?: string }> {
    const index = partitionIndex(partition);
    const filter = filterExpression(query.filters, partition);
    const page = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: index.indexName,
        KeyConditionExpression: query.beforeId ? '#pk = :pk AND #sk < :before' : '#pk = :pk',
        ...filter,
        ExpressionAttributeNames: {
          ...filter.ExpressionAttributeNames,
          '#pk': index.pk,
          ...(query.beforeId ? { '#sk': index.sk } : {}),
        },
        ExpressionAttributeValues: {
          ...filter.ExpressionAttributeValues,
          ':pk': index.pkValue,
          ...(query.beforeId ? { ':before': query.beforeId } : {}),
        },
        ScanIndexForward: false,
        Limit: limit,
      }),
    );
    const stoppedAt = page.LastEvaluatedKey?.[index.sk];
    return {
      projects: (page.Items ?? []).map(projectFromItem),
      ...(typeof stoppedAt === 'string' ? { stoppedAt } : {}),
    };
  }
}

/** Projects in DynamoDB: the reads, and the writes, each one transaction. */
export class DynamoProjectRepository extends DynamoProjectReads implements ProjectRepository {
  async create(project: Project, audit: AuditEntry, events: readonly DomainEvent[] = []): Promise<void> {
    const refs = refsOf(project);
    await this.write(
      [
        {
          Put: {
            TableName: this.tableName,
            Item: projectItem(project),
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
        {
          Put: {
            TableName: this.tableName,
            Item: auditItem(audit),
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
        ...refs.map((ref) => this.claim(ref, project.id)),
        ...outboxPuts(this.tableName, events),
      ],
      () => new ConflictError(`Project ${project.id} already exists`),
      refs,
      2,
    );
  }

  async update(
    previous: Project,
    next: Project,
    audit: AuditEntry,
    events: readonly DomainEvent[] = [],
  ): Promise<void> {
    const before = new Map(refsOf(previous).map((ref) => [refId(ref), ref]));
    const after = new Map(refsOf(next).map((ref) => [refId(ref), ref]));
    const added = [...after.values()].filter((ref) => !before.has(refId(ref)));
    const removed = [...before.values()].filter((ref) => !after.has(refId(ref)));
    await this.write(
      [
        {
          Put: {
            TableName: this.tableName,
            Item: projectItem(next),
            ConditionExpression: 'attribute_exists(pk) AND #version = :expected',
            ExpressionAttributeNames: { '#version': 'version' },
            ExpressionAttributeValues: { ':expected': previous.version },
          },
        },
        {
          Put: {
            TableName: this.tableName,
            Item: auditItem(audit),
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
        ...added.map((ref) => this.claim(ref, next.id)),
        ...removed.map(
          (ref): TransactItem => ({
            Delete: {
              TableName: this.tableName,
              Key: externalRefKey(ref),
              // A claim that is already gone is fine to "delete"; one that moved to another project is not ours.
              ConditionExpression: 'attribute_not_exists(pk) OR projectId = :id',
              ExpressionAttributeValues: { ':id': next.id },
            },
          }),
        ),
        // After the claims, so that their positions stay what `write` reads.
        ...acceptedWrite(this.tableName, previous, next),
        ...outboxPuts(this.tableName, events),
      ],
      () => new VersionConflictError(`Project ${next.id} has changed since version ${previous.version}`),
      added,
      2,
      // Another transaction was writing the project at the same moment: if it moved the version on,
      // ours was stale (412); if not, the conflict was only timing and the caller may retry (503).
      async () => {
        const stored = await this.get(next.id);
        return stored?.version !== previous.version
          ? new VersionConflictError(`Project ${next.id} has changed since version ${previous.version}`)
          : undefined;
      },
    );
  }

  private claim(ref: ExternalRefKey, projectId: string): TransactItem {
    return {
      Put: {
        TableName: this.tableName,
        Item: {
          ...externalRefKey(ref),
          entity: 'external_ref',
          system: ref.system,
          externalId: ref.id,
          projectId,
        },
        ConditionExpression: 'attribute_not_exists(pk) OR projectId = :id',
        ExpressionAttributeValues: { ':id': projectId },
      },
    };
  }

  /**
   * Runs a transaction and turns its cancellation into the domain's errors: the first item failing
   * means the project changed (or exists); a claim failing names the external reference.
   */
  private async write(
    items: TransactItem[],
    onProjectConflict: () => Error,
    claimedRefs: readonly ExternalRefKey[],
    firstClaimIndex: number,
    onTransactionConflict?: () => Promise<Error | undefined>,
  ): Promise<void> {
    try {
      await this.client.send(new TransactWriteCommand({ TransactItems: items }));
    } catch (error) {
      const codes = cancellationCodes(error);
      if (!codes) throw error;
      if (codes[0] === cancellationCode.conditionFailed) throw onProjectConflict();
      if (codes[0] === cancellationCode.transactionConflict && onTransactionConflict)
        throw (await onTransactionConflict()) ?? error;
      const claimIndex = codes.findIndex(
        (code, i) => i >= firstClaimIndex && code === cancellationCode.conditionFailed,
      );
      const ref = claimedRefs[claimIndex - firstClaimIndex];
      if (ref) throw new ConflictError(`External reference ${ref.system}:${ref.id} is already registered`);
      throw error;
    }
  }
}
