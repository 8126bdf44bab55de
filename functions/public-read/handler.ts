/**
 * Public reads: health, indicators, reference data. No token needed, no writes. A caller with a
 * valid token sees suppressed indicator values too (`docs/disclosure-control.md`). The release
 * files are served by `releases-read`, the only public reader that needs S3.
 */
import { tokenVerifierFromEnvironment } from '../../shared/adapters/auth/token-verifier.ts';
import { documentClient } from '../../shared/adapters/dynamodb/document-client.ts';
import { DynamoIndicatorRunStore } from '../../shared/adapters/dynamodb/indicators-table.ts';
import { DynamoReferenceRepository } from '../../shared/adapters/dynamodb/reference-table.ts';
import { tableName } from '../../shared/config/env.ts';
import { IndicatorReader } from '../../shared/domain/indicator-runs/reads.ts';
import { ReferenceReader } from '../../shared/domain/reference/reads.ts';
import { audienceOf } from '../../shared/http/caller.ts';
import { csvContentType, nextCsvPageLink, wantsCsv } from '../../shared/http/csv.ts';
import { httpHandler } from '../../shared/http/handler.ts';
import { indicatorsCsv, indicatorsQuerySchema } from '../../shared/http/indicators.ts';
import { pageOnlyQuerySchema, parseQuery } from '../../shared/http/query.ts';
import { json } from '../../shared/http/response.ts';
import { getHealth } from './health.ts';

const reference = new ReferenceReader({
  repository: new DynamoReferenceRepository(documentClient, tableName('reference')),
});

const runStore = new DynamoIndicatorRunStore(documentClient, tableName('indicators'));
const indicators = new IndicatorReader(runStore);
const tokens = tokenVerifierFromEnvironment();

/** CSV pages are larger: a spreadsheet wants many rows at once. */
const csvPageItems = 500;

/** Published indicators change once a run publishes; caches may keep them a minute. */
const indicatorCache = { 'cache-control': 'public, max-age=60' };
/** What a caller with a token sees (suppressed values included) is for them alone. */
const privateCache = { 'cache-control': 'private, no-store' };
const cacheFor = (audience: string): Record<string, string> =>
  audience === 'authenticated' ? privateCache : { ...indicatorCache, vary: 'authorization' };

/** Reference data changes rarely; caches may keep it a few minutes. */
const publicCache = { 'cache-control': 'public, max-age=300' };

export const handler = httpHandler({
  'GET /health': getHealth,
  'GET /indicators': async ({ event }) => {
    const { format, limit, cursor, ...filters } = parseQuery(indicatorsQuerySchema, event);
    const audience = await audienceOf(event, tokens);
    const cache = cacheFor(audience);
    const vary = ['accept', 'authorization'].join(', ');
    if (!wantsCsv(format, event))
      return json(200, await indicators.latest(filters, limit, cursor, audience), { ...cache, vary });
    const pageLimit = event.queryStringParameters?.limit ? limit : csvPageItems;
    const page = await indicators.latest(filters, pageLimit, cursor, audience);
    const headers: Record<string, string> = {
      'content-type': csvContentType,
      'content-disposition': `attachment; filename="jucip-indicators${page.runId ? `-${page.runId}` : ''}.csv"`,
      ...cache,
      vary,
    };
    if (page.nextCursor) headers.link = nextCsvPageLink('/indicators', event, page.nextCursor);
    return { statusCode: 200, headers, body: indicatorsCsv(page.runId, page.items) };
  },
  'GET /indicators/runs': async ({ event }) => {
    const { limit, cursor } = parseQuery(pageOnlyQuerySchema, event);
    return json(200, await indicators.list(limit, cursor), indicatorCache);
  },
  'GET /indicators/runs/{runId}': async ({ event }) => {
    const { limit, cursor } = parseQuery(pageOnlyQuerySchema, event);
    const audience = await audienceOf(event, tokens);
    return json(
      200,
      await indicators.run(event.pathParameters?.runId ?? '', limit, cursor, audience),
      cacheFor(audience),
    );
  },
  'GET /emission-factors': async ({ event }) => {
    const { limit, cursor } = parseQuery(pageOnlyQuerySchema, event);
    return json(200, await reference.listFactors(limit, cursor), publicCache);
  },
  'GET /fx-rates': async ({ event }) => {
    const { limit, cursor } = parseQuery(pageOnlyQuerySchema, event);
    return json(200, await reference.listFxRates(limit, cursor), publicCache);
  },
});
