/**
 * What the indicator job reads, page by page: the accepted version of every published project from
 * the projects table (gsi2 `REVIEW#accepted`, in id order: one item per published project, the
 * accepted record itself or the accepted version kept apart while a revision is pending; withdrawn
 * projects have none, see `projects-table.ts`) and the latest revision of each of their months from
 * the metrics table. Nothing here holds more than one page of projects or one project's reports at
 * a time.
 *
 * The sharded job lists the same partition with a key-only projection (pk and sk: no record is read
 * or returned), then each map step reads its shard's records with BatchGetItem.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import {
  BatchGetCommand,
  type BatchGetCommandOutput,
  type DynamoDBDocumentClient,
  QueryCommand,
} from '@aws-sdk/lib-dynamodb';
import type { IndicatorInputSource, ProjectRef } from '../../domain/indicator-runs/ports.ts';
import type { MetricReport } from '../../domain/metrics/schema.ts';
import type { Project } from '../../domain/projects/schema.ts';
import type { Item } from './items.ts';
import { reportFromItem } from './metrics-table.ts';
import { acceptedKey, projectFromItem, projectKey } from './projects-table.ts';

const publishedPartition = 'REVIEW#accepted';

export class DynamoIndicatorInputs implements IndicatorInputSource {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tables: { readonly projects: string; readonly metrics: string },
    private readonly pageSize = 100,
    private readonly refPageSize = 1000,
  ) {}

  async *acceptedProjects(): AsyncIterable<readonly Project[]> {
    for await (const items of this.publishedPages(this.pageSize)) yield items.map(projectFromItem);
  }

  async *acceptedProjectRefs(): AsyncIterable<readonly ProjectRef[]> {
    for await (const items of this.publishedPages(this.refPageSize, 'pk, sk')) {
      yield items.map((item) => ({ id: String(item.pk).slice('PROJECT#'.length), key: String(item.sk) }));
    }
  }

  /** The published partition of gsi2, in id order, a page at a time (empty pages left out). */
  private async *publishedPages(limit: number, projection?: string): AsyncIterable<readonly Item[]> {
    let startKey: Item | undefined;
    do {
      const page = await this.client.send(
        new QueryCommand({
          TableName: this.tables.projects,
          IndexName: 'gsi2',
          KeyConditionExpression: 'gsi2pk = :pk',
          ExpressionAttributeValues: { ':pk': publishedPartition },
          ...(projection ? { ProjectionExpression: projection } : {}),
          ScanIndexForward: true,
          Limit: limit,
          ...(startKey ? { ExclusiveStartKey: startKey } : {}),
        }),
      );
      if ((page.Items ?? []).length > 0) yield page.Items as Item[];
      startKey = page.LastEvaluatedKey;
    } while (startKey);
  }

  /**
   * Reads the listed items; a project whose revision went pending (or was accepted) since it was
   * listed has its accepted version under the other key, which is read then.
   */
  async projectsByRef(refs: readonly ProjectRef[]): Promise<Project[]> {
    const published = (item: Item | undefined) => item !== undefined && item.gsi2pk === publishedPartition;
    const listed = await this.batchGet(refs.map((ref) => ({ pk: `PROJECT#${ref.id}`, sk: ref.key })));
    const found = new Map<string, Item>();
    const moved: ProjectRef[] = [];
    for (const ref of refs) {
      const item = listed.get(`PROJECT#${ref.id}\u0000${ref.key}`);
      if (published(item)) found.set(ref.id, item as Item);
      else moved.push(ref);
    }
    if (moved.length > 0) {
      const others = moved.map((ref) =>
        ref.key === projectKey(ref.id).sk ? acceptedKey(ref.id) : projectKey(ref.id),
      );
      const again = await this.batchGet(others);
      for (const key of others) {
        const item = again.get(`${key.pk}\u0000${key.sk}`);
        if (published(item)) found.set(key.pk.slice('PROJECT#'.length), item as Item);
      }
    }
    return [...found.values()].map(projectFromItem);
  }

  /** BatchGetItem of up to 100 keys, unprocessed keys retried with backoff; items by `pk\u0000sk`. */
  private async batchGet(keys: ReadonlyArray<{ pk: string; sk: string }>): Promise<Map<string, Item>> {
    const items = new Map<string, Item>();
    let pending: Item[] | undefined = [...keys];
    for (let attempt = 0; pending && pending.length > 0; attempt++) {
      if (attempt > 8) throw new Error('DynamoDB left project reads unprocessed after 8 retries');
      if (attempt > 0) await sleep(Math.min(2_000, 50 * 2 ** attempt));
      const result: BatchGetCommandOutput = await this.client.send(
        new BatchGetCommand({ RequestItems: { [this.tables.projects]: { Keys: pending } } }),
      );
      for (const item of result.Responses?.[this.tables.projects] ?? []) {
        items.set(`${String(item.pk)}\u0000${String(item.sk)}`, item);
      }
      pending = result.UnprocessedKeys?.[this.tables.projects]?.Keys;
    }
    return items;
  }

  async latestReports(projectId: string): Promise<MetricReport[]> {
    const reports: MetricReport[] = [];
    let startKey: Item | undefined;
    do {
      const page = await this.client.send(
        new QueryCommand({
          TableName: this.tables.metrics,
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :latest)',
          ExpressionAttributeValues: { ':pk': `PROJECT#${projectId}`, ':latest': 'LATEST#' },
          ...(startKey ? { ExclusiveStartKey: startKey } : {}),
        }),
      );
      reports.push(...(page.Items ?? []).map(reportFromItem));
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    return reports;
  }
}
