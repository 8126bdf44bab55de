import { documentClient } from '../../shared/adapters/dynamodb/document-client.ts';
import { isTransientDatabaseError } from '../../shared/adapters/dynamodb/errors.ts';
import { probeTable } from '../../shared/adapters/dynamodb/health.ts';
import { appVersion, tableName } from '../../shared/config/env.ts';
import type { RouteHandler } from '../../shared/http/handler.ts';
import { json, problemContentType } from '../../shared/http/response.ts';
import { logger } from '../../shared/observability/logger.ts';

const referenceTable = tableName('reference');

/** `GET /health`: 200 when the database answers, 503 problem (with `Retry-After`) when it does not. */
export const getHealth: RouteHandler = async ({ event }) => {
  try {
    await probeTable(documentClient, referenceTable);
    return json(
      200,
      { status: 'ok', version: appVersion(), dependencies: { db: 'ok' } },
      { 'cache-control': 'no-store' },
    );
  } catch (error) {
    if (!isTransientDatabaseError(error)) throw error;
    logger.warn('Health check: database unavailable', { error: error as Error });
    return json(
      503,
      {
        type: '/problems/service-unavailable',
        title: 'Service unavailable',
        status: 503,
        detail: 'The database is unreachable',
        instance: event.rawPath,
        version: appVersion(),
        dependencies: { db: 'unavailable' },
      },
      { 'content-type': problemContentType, 'retry-after': '5', 'cache-control': 'no-store' },
    );
  }
};
