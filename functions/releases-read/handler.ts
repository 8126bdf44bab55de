/**
 * The release files of published indicator runs (`docs/releases.md`): the list, each run's
 * descriptor and its files, with ranges. No token needed, no writes. Apart from the other public
 * reads because it alone needs S3.
 */
import { documentClient } from '../../shared/adapters/dynamodb/document-client.ts';
import { DynamoIndicatorRunStore } from '../../shared/adapters/dynamodb/indicators-table.ts';
import { createS3Client } from '../../shared/adapters/s3/client.ts';
import { S3ReleaseStore } from '../../shared/adapters/s3/release-store.ts';
import { bucketName, tableName } from '../../shared/config/env.ts';
import { parseByteRange, ReleaseReader } from '../../shared/domain/releases/reads.ts';
import { httpHandler } from '../../shared/http/handler.ts';
import { pageOnlyQuerySchema, parseQuery } from '../../shared/http/query.ts';
import { releaseFileResponse } from '../../shared/http/releases.ts';
import { json } from '../../shared/http/response.ts';

const releases = new ReleaseReader(
  new S3ReleaseStore(createS3Client(), bucketName('releases')),
  new DynamoIndicatorRunStore(documentClient, tableName('indicators')),
  {
    // Lambda returns at most 6 MB, and a binary body goes base64-encoded (4/3 larger): a larger file
    // asked for whole is answered with a short-lived link to the object instead.
    maxResponseBytes: 4 * 1024 * 1024,
    linkSeconds: 300,
  },
);

/** A run's releases are immutable once written; the list changes when a run publishes. */
const listCache = { 'cache-control': 'public, max-age=60' };

export const handler = httpHandler({
  'GET /releases': async ({ event }) => {
    const { limit, cursor } = parseQuery(pageOnlyQuerySchema, event);
    return json(200, await releases.list(limit, cursor), listCache);
  },
  'GET /releases/{runId}': async ({ event }) => {
    const answer = await releases.file(event.pathParameters?.runId ?? '', 'datapackage.json');
    return releaseFileResponse(answer, { download: undefined });
  },
  'GET /releases/{runId}/{file}': async ({ event }) => {
    const runId = event.pathParameters?.runId ?? '';
    const file = event.pathParameters?.file ?? '';
    const answer = await releases.file(runId, file, parseByteRange(event.headers?.range));
    return releaseFileResponse(answer, { download: `jucip-${runId}-${file}` });
  },
});
