/**
 * The review queue over the two sparse indexes that hold waiting items: the projects table's gsi4
 * (projects in `submitted`) and the metrics table's gsi1 (latest report revisions in
 * `self_reported`). An item is in an index only while it waits: the write that decides it rewrites
 * the item without the index attributes, so reading the queue never scans decided items.
 *
 * A page reads at most `limit + 1` items from each index it covers, filters applied on the way,
 * and merges them oldest first. A filter that matches rarely gives a short page rather than a
 * longer read: only what is older than the earliest place where an index's read stopped has been
 * compared across both, so the page ends there and the next one starts there (docs/review-queue.md).
 */
import { type DynamoDBDocumentClient, QueryCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import type { MetricReport } from '../../domain/metrics/schema.ts';
import { hasPendingRevision } from '../../domain/projects/publication.ts';
import type {
  ReviewQueuePage,
  ReviewQueuePageQuery,
  ReviewQueueRepository,
} from '../../domain/review-queue/ports.ts';
import type { ReviewQueueFilters, ReviewQueueKind, WaitingItem } from '../../domain/review-queue/schema.ts';
import { recordOf } from './items.ts';
import { projectFromItem } from './projects-table.ts';
import { isQueuePosition, reviewQueuePartition } from './review-queue-keys.ts';

type Item = Record<string, unknown>;

interface QueueIndex {
  readonly tableName: string;
  readonly indexName: string;
  readonly pk: string;
  readonly sk: string;
  /** The attribute holding the host country on this index's items. */
  readonly hostCountryAttribute: string;
  readonly toWaiting: (item: Item) => WaitingItem;
}

function waitingProject(item: Item): WaitingItem {
  const project = projectFromItem(item);
  const revision = hasPendingRevision(project);
  return {
    kind: 'project',
    projectId: project.id,
    orgId: project.orgId,
    hostCountry: project.hostCountry,
    waitingSince: project.updatedAt,
    link: `/projects/${project.id}`,
    name: project.name,
    projectVersion: project.version,
    submission: revision ? 'revision' : 'new',
    ...(revision ? { pendingChanges: project.pendingChanges ?? [] } : {}),
  };
}

function waitingReport(item: Item): WaitingItem {
  const report = recordOf<MetricReport>(item);
  return {
    kind: 'report',
    projectId: report.projectId,
    orgId: report.orgId,
    hostCountry: typeof item.queueHostCountry === 'string' ? item.queueHostCountry : '',
    waitingSince: report.submittedAt,
    link: `/projects/${report.projectId}/metrics/${report.period}`,
    period: report.period,
    revision: report.revision,
    restated: report.revision > 1,
  };
}

function filterExpression(
  filters: ReviewQueueFilters,
  index: QueueIndex,
): Pick<QueryCommandInput, 'FilterExpression' | 'ExpressionAttributeNames' | 'ExpressionAttributeValues'> {
  const clauses: string[] = [];
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = {};
  if (filters.orgId !== undefined) {
    clauses.push('#f_orgId = :f_orgId');
    names['#f_orgId'] = 'orgId';
    values[':f_orgId'] = filters.orgId;
  }
  if (filters.hostCountry !== undefined) {
    clauses.push('#f_host = :f_host');
    names['#f_host'] = index.hostCountryAttribute;
    values[':f_host'] = filters.hostCountry;
  }
  return clauses.length === 0
    ? {}
    : {
        FilterExpression: clauses.join(' AND '),
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
      };
}

/** The review queue in DynamoDB: the projects table's and the metrics table's sparse queue indexes. */
export class DynamoReviewQueue implements ReviewQueueRepository {
  private readonly indexes: Readonly<Record<ReviewQueueKind, QueueIndex>>;

  constructor(
    private readonly client: DynamoDBDocumentClient,
    tableNames: { readonly projects: string; readonly metrics: string },
  ) {
    this.indexes = {
      project: {
        tableName: tableNames.projects,
        indexName: 'gsi4',
        pk: 'gsi4pk',
        sk: 'gsi4sk',
        hostCountryAttribute: 'hostCountry',
        toWaiting: waitingProject,
      },
      report: {
        tableName: tableNames.metrics,
        indexName: 'gsi1',
        pk: 'gsi1pk',
        sk: 'gsi1sk',
        hostCountryAttribute: 'queueHostCountry',
        toWaiting: waitingReport,
      },
    };
  }

  isPosition(value: string): boolean {
    return isQueuePosition(value);
  }

  async page(query: ReviewQueuePageQuery): Promise<ReviewQueuePage> {
    const kinds: ReviewQueueKind[] = query.filters.kind ? [query.filters.kind] : ['project', 'report'];
    const pages = await Promise.all(kinds.map((kind) => this.queryIndex(this.indexes[kind], query)));
    const stops = pages.flatMap((page) => (page.stoppedAt === undefined ? [] : [page.stoppedAt]));
    const boundary = stops.reduce<string | undefined>(
      (earliest, position) => (earliest === undefined || position < earliest ? position : earliest),
      undefined,
    );
    const merged = pages
      .flatMap((page) => page.items)
      .filter((entry) => boundary === undefined || entry.position <= boundary)
      .sort((a, b) => (a.position < b.position ? -1 : a.position > b.position ? 1 : 0));
    const page = merged.slice(0, query.limit);
    const last = page.at(-1);
    const items = page.map((entry) => entry.item);
    if (merged.length > query.limit && last) return { items, nextAfter: last.position };
    return { items, ...(boundary === undefined ? {} : { nextAfter: boundary }) };
  }

  /** One bounded page of one index: its matching items with their positions, and where it stopped. */
  private async queryIndex(
    index: QueueIndex,
    query: ReviewQueuePageQuery,
  ): Promise<{ items: { position: string; item: WaitingItem }[]; stoppedAt?: string }> {
    const filter = filterExpression(query.filters, index);
    const result = await this.client.send(
      new QueryCommand({
        TableName: index.tableName,
        IndexName: index.indexName,
        KeyConditionExpression: query.after ? '#pk = :pk AND #sk > :after' : '#pk = :pk',
        ...filter,
        ExpressionAttributeNames: {
          ...filter.ExpressionAttributeNames,
          '#pk': index.pk,
          ...(query.after ? { '#sk': index.sk } : {}),
        },
        ExpressionAttributeValues: {
          ...filter.ExpressionAttributeValues,
          ':pk': reviewQueuePartition,
          ...(query.after ? { ':after': query.after } : {}),
        },
        ScanIndexForward: true,
        Limit: query.limit + 1,
      }),
    );
    const stoppedAt = result.LastEvaluatedKey?.[index.sk];
    return {
      items: (result.Items ?? []).map((item) => ({
        position: String(item[index.sk]),
        item: index.toWaiting(item),
      })),
      ...(typeof stoppedAt === 'string' ? { stoppedAt } : {}),
    };
  }
}
