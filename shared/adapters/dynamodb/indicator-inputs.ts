/**
 * What the indicator job reads, page by page: the accepted version of every published project from
 * the projects table (gsi2 `REVIEW#accepted`, in id order: one item per published project, the
 * accepted record itself or the accepted version kept apart while a revision is pending; withdrawn
 * projects have none, see `projects-table.ts`) and the latest revision of each of their months from
 * the metrics table. Nothing here holds more than one page of projects or one project's reports at
 * a time.
 */
import { type DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { IndicatorInputSource } from '../../domain/indicator-runs/ports.ts';
import type { MetricReport } from '../../domain/metrics/schema.ts';
import type { Project } from '../../domain/projects/schema.ts';
import type { Item } from './items.ts';
import { reportFromItem } from './metrics-table.ts';
import { projectFromItem } from './projects-table.ts';

export class DynamoIndicatorInputs implements IndicatorInputSource {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tables: { readonly projects: string; readonly metrics: string },
    private readonly pageSize = 100,
  ) {}

  async *acceptedProjects(): AsyncIterable<readonly Project[]> {
    let startKey: Item | undefined;
    do {
      const page = await this.client.send(
        new QueryCommand({
          TableName: this.tables.projects,
          IndexName: 'gsi2',
          KeyConditionExpression: 'gsi2pk = :pk',
          ExpressionAttributeValues: { ':pk': 'REVIEW#accepted' },
          ScanIndexForward: true,
          Limit: this.pageSize,
          ...(startKey ? { ExclusiveStartKey: startKey } : {}),
        }),
      );
      const projects = (page.Items ?? []).map(projectFromItem);
      if (projects.length > 0) yield projects;
      startKey = page.LastEvaluatedKey;
    } while (startKey);
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
