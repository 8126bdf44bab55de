/**
 * Evidence documents in the projects table, beside the project they belong to.
 *
 * Items (pk / sk):
 * - document: `PROJECT#<projectId>` / `DOC#<docId>` — the record (`version` counts its state changes)
 * - its history entries are the project's audit entries (`projects-table.ts`), written in the same
 *   transaction as each state change
 *
 * Why not a table of their own: a document belongs to exactly one project, every state change must
 * land together with an entry in that project's history, and the reads are "one document" and "a
 * project's documents" — both a key or a query on the project's own partition. A separate table
 * would add a table, its IAM and its local creation for no access pattern the project partition
 * lacks (documents never need to be found across projects).
 *
 * Access patterns:
 * - one document: GetItem
 * - a project's documents, oldest first (ids are ULIDs): Query `begins_with(sk, 'DOC#')`
 */
import {
  type DynamoDBDocumentClient,
  GetCommand,
  QueryCommand,
  TransactWriteCommand,
} from '@aws-sdk/lib-dynamodb';
import type { DocumentRepository } from '../../domain/documents/ports.ts';
import type { EvidenceDocument } from '../../domain/documents/schema.ts';
import { ConflictError, VersionConflictError } from '../../domain/errors.ts';
import type { DomainEvent } from '../../domain/events/schema.ts';
import type { AuditEntry } from '../../domain/projects/schema.ts';
import { conditionFailedAt } from './cancellation.ts';
import { recordOf } from './items.ts';
import { outboxPuts } from './outbox.ts';
import { auditItem, projectKey } from './projects-table.ts';

const documentKey = (projectId: string, documentId: string) => ({
  pk: projectKey(projectId).pk,
  sk: `DOC#${documentId}`,
});

function documentItem(document: EvidenceDocument): Record<string, unknown> {
  return { ...documentKey(document.projectId, document.id), entity: 'document', ...document };
}

/** Documents in DynamoDB. */
export class DynamoDocumentRepository implements DocumentRepository {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async get(projectId: string, documentId: string): Promise<EvidenceDocument | undefined> {
    const { Item } = await this.client.send(
      new GetCommand({
        TableName: this.tableName,
        Key: documentKey(projectId, documentId),
        ConsistentRead: true,
      }),
    );
    return Item ? recordOf<EvidenceDocument>(Item) : undefined;
  }

  async list(
    projectId: string,
    page: { readonly limit: number; readonly afterId?: string },
  ): Promise<{ documents: EvidenceDocument[]; more: boolean }> {
    const { Items = [] } = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: page.afterId
          ? 'pk = :pk AND sk BETWEEN :after AND :end'
          : 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: {
          ':pk': projectKey(projectId).pk,
          ...(page.afterId ? { ':after': `DOC#${page.afterId}`, ':end': 'DOC#~' } : { ':prefix': 'DOC#' }),
        },
        Limit: page.limit + 2,
      }),
    );
    // BETWEEN includes its lower bound: the last document of the previous page is read again and dropped.
    const documents = Items.filter((item) => item.sk !== `DOC#${page.afterId}`).map((item) =>
      recordOf<EvidenceDocument>(item),
    );
    return { documents: documents.slice(0, page.limit), more: documents.length > page.limit };
  }

  async create(document: EvidenceDocument, audit: AuditEntry): Promise<void> {
    try {
      await this.client.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: this.tableName,
                Item: documentItem(document),
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
          ],
        }),
      );
    } catch (error) {
      if (conditionFailedAt(error, 0)) throw new ConflictError(`Document ${document.id} already exists`);
      throw error;
    }
  }

  async update(
    previous: EvidenceDocument,
    next: EvidenceDocument,
    audit: AuditEntry,
    events: readonly DomainEvent[] = [],
  ): Promise<void> {
    try {
      await this.client.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: this.tableName,
                Item: documentItem(next),
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
            ...outboxPuts(this.tableName, events),
          ],
        }),
      );
    } catch (error) {
      if (conditionFailedAt(error, 0)) {
        throw new VersionConflictError(`Document ${next.id} has changed since version ${previous.version}`);
      }
      throw error;
    }
  }
}
