/**
 * The projects table: key design, item mappers and the repository over it.
 *
 * Items (pk / sk):
 * - project:      `PROJECT#<id>` / `PROJECT`      — the record; gsi1 `ORG#<orgId>`, gsi2 `REVIEW#<state>`, gsi3 `PROJECTS`, each sorted by id
 * - audit entry:  `PROJECT#<id>` / `AUDIT#<version, 8 digits>` — immutable, written with the version it records;
 *                 a document event's entry sorts after it: `AUDIT#<version>#DOC#<docId>#<doc version, 4 digits>`
 * - document:     `PROJECT#<id>` / `DOC#<docId>` — an evidence document (`documents.ts`)
 * - external ref: `EXTREF#<system>#<id>` / `EXTREF` — which project an external reference belongs to (unique)
 *
 * Access patterns:
 * - one project, its history (oldest first): the base table
 * - all projects / one review state / one organisation, newest first: gsi3 / gsi2 / gsi1 (ids are ULIDs)
 * - the project of an external reference (imports match on it): the claim item
 */
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  type DynamoDBDocumentClient,
  GetCommand,
  QueryCommand,
  type QueryCommandInput,
  TransactWriteCommand,
  type TransactWriteCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { ConflictError, VersionConflictError } from '../../domain/errors.ts';
import { auditPosition, normalizedAuditPosition } from '../../domain/projects/history-position.ts';
import type {
  ExternalRefKey,
  ProjectFilters,
  ProjectListQuery,
  ProjectListResult,
  ProjectPartition,
  ProjectRepository,
} from '../../domain/projects/ports.ts';
import type { AuditEntry, Project } from '../../domain/projects/schema.ts';
import { recordOf } from './items.ts';

type Item = Record<string, unknown>;
type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

export const projectKey = (id: string) => ({ pk: `PROJECT#${id}`, sk: 'PROJECT' });
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
    ...project,
  };
}

/** The record of a stored project item. */
export function projectFromItem(item: Item): Project {
  return recordOf<Project>(item);
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

/** The filter expression for the filters that the chosen index does not already apply. */
function filterExpression(
  filters: ProjectFilters,
): Pick<QueryCommandInput, 'FilterExpression' | 'ExpressionAttributeNames' | 'ExpressionAttributeValues'> {
  const clauses: string[] = [];
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = {};
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

function cancellationCodes(error: unknown): (string | undefined)[] | undefined {
  if (!(error instanceof TransactionCanceledException)) return undefined;
  return (error.CancellationReasons ?? []).map((reason) => reason.Code);
}

/** Projects in DynamoDB. */
export class DynamoProjectRepository implements ProjectRepository {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async get(id: string): Promise<Project | undefined> {
    const { Item } = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: projectKey(id), ConsistentRead: true }),
    );
    return Item ? projectFromItem(Item) : undefined;
  }

  async create(project: Project, audit: AuditEntry): Promise<void> {
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
      ],
      () => new ConflictError(`Project ${project.id} already exists`),
      refs,
      2,
    );
  }

  async update(previous: Project, next: Project, audit: AuditEntry): Promise<void> {
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

  async list(query: ProjectListQuery): Promise<ProjectListResult> {
    const want = query.limit + 1;
    const pages = await Promise.all(
      query.partitions.map((partition) => this.queryPartition(partition, query, want)),
    );
    const byId = new Map<string, Project>();
    for (const project of pages.flat()) byId.set(project.id, project);
    const merged = [...byId.values()].sort((a, b) => (a.id < b.id ? 1 : a.id > b.id ? -1 : 0));
    return { projects: merged.slice(0, query.limit), more: merged.length > query.limit };
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
      if (codes[0] === 'ConditionalCheckFailed') throw onProjectConflict();
      if (codes[0] === 'TransactionConflict' && onTransactionConflict)
        throw (await onTransactionConflict()) ?? error;
      const claimIndex = codes.findIndex(
        (code, i) => i >= firstClaimIndex && code === 'ConditionalCheckFailed',
      );
      const ref = claimedRefs[claimIndex - firstClaimIndex];
      if (ref) throw new ConflictError(`External reference ${ref.system}:${ref.id} is already registered`);
      throw error;
    }
  }

  private async queryPartition(
    partition: ProjectPartition,
    query: ProjectListQuery,
    want: number,
  ): Promise<Project[]> {
    const index = partitionIndex(partition);
    const filter = filterExpression(query.filters);
    const found: Project[] = [];
    let startKey: Item | undefined;
    do {
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
          Limit: Math.max(want, 25),
          ...(startKey ? { ExclusiveStartKey: startKey } : {}),
        }),
      );
      found.push(...(page.Items ?? []).map(projectFromItem));
      startKey = page.LastEvaluatedKey;
    } while (startKey && found.length < want);
    return found.slice(0, want);
  }
}
