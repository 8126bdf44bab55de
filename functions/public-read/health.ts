import { documentClient } from '../../shared/adapters/dynamodb/document-client.ts';
import { isTransientDatabaseError } from '../../shared/adapters/dynamodb/errors.ts';
import { probeTable } from '../../shared/adapters/dynamodb/health.ts';
import { appVersion, tableName } from '../../shared/config/env.ts';
import { DependencyUnavailableError } from '../../shared/domain/errors.ts';
import type { RouteHandler } from '../../shared/http/handler.ts';
import { messageLanguageOf } from '../../shared/http/middleware/problem-details.ts';
import { problemResponse } from '../../shared/http/problem.ts';
import { json } from '../../shared/http/response.ts';
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
    const problem = problemResponse(
      new DependencyUnavailableError('The database is unreachable', 5),
      event.rawPath,
      messageLanguageOf(event),
      { version: appVersion(), dependencies: { db: 'unavailable' } },
    );
    return { ...problem, headers: { ...problem.headers, 'cache-control': 'no-store' } };
  }
};
