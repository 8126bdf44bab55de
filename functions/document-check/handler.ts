/**
 * The arrival check, triggered by S3 `ObjectCreated` events under `documents/` (locally by the
 * S3-compatible server's events, reshaped as AWS sends them). It may read and delete objects under
 * that prefix and update document records; it signs nothing. A record that fails is thrown, so Lambda
 * retries the event and, after its retries, dead-letters it (the check is safe to repeat).
 */
import type { S3Event } from 'aws-lambda';
import { now } from '../../shared/adapters/clock.ts';
import { documentClient } from '../../shared/adapters/dynamodb/document-client.ts';
import { DynamoDocumentRepository } from '../../shared/adapters/dynamodb/documents.ts';
import { DynamoProjectReads } from '../../shared/adapters/dynamodb/projects-table.ts';
import { evidenceInspection } from '../../shared/adapters/s3/evidence-store.ts';
import { tableName } from '../../shared/config/env.ts';
import { type ArrivalOutcome, DocumentChecker } from '../../shared/domain/documents/service.ts';
import { logger } from '../../shared/observability/logger.ts';

const checker = new DocumentChecker({
  projects: new DynamoProjectReads(documentClient, tableName('projects')),
  documents: new DynamoDocumentRepository(documentClient, tableName('projects')),
  objects: evidenceInspection(),
  now,
});

/** An S3 event's object key: URL-encoded, with `+` for spaces. */
export function objectKeyOfRecord(key: string): string {
  return decodeURIComponent(key.replace(/\+/g, ' '));
}

/** Checks every created object the event reports, one after the other. */
export async function handler(event: S3Event): Promise<{ outcomes: ArrivalOutcome['outcome'][] }> {
  const outcomes: ArrivalOutcome['outcome'][] = [];
  for (const record of event.Records ?? []) {
    if (!record.eventName.startsWith('ObjectCreated:')) continue;
    const key = objectKeyOfRecord(record.s3.object.key);
    const result = await checker.check(key, {
      versionId: record.s3.object.versionId,
      arrivedAt: record.eventTime,
    });
    logger.info('Arrival check', {
      key,
      outcome: result.outcome,
      ...('rejection' in result ? { reason: result.rejection.reason } : {}),
    });
    outcomes.push(result.outcome);
  }
  return { outcomes };
}
