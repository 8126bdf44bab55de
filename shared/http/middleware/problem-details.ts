/**
 * The problem details middleware, registered last so that middy runs its `onError` first: every
 * error becomes an RFC 9457 problem document in the caller's language (`shared/http/problem.ts`).
 * Unexpected errors are logged in full (their stack source-mapped), dependency failures as warnings,
 * refusals briefly.
 */
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { toDependencyError } from '../../adapters/dynamodb/errors.ts';
import type { Language } from '../../i18n/languages.ts';
import { preferredLanguage } from '../../i18n/negotiate.ts';
import { logger } from '../../observability/logger.ts';
import { withSourceMappedStack } from '../../observability/source-maps.ts';
import { problemKindOf, problemResponse } from '../problem.ts';
import { type HttpMiddleware, headerOf } from './types.ts';

/** The language the caller prefers for messages (`Accept-Language`; English by default). */
export function messageLanguageOf(event: APIGatewayProxyEventV2): Language {
  return preferredLanguage(headerOf(event, 'accept-language'));
}

/** Maps every error to a problem document; logs the unexpected ones in full, the rest briefly. */
export function problemDetails(): HttpMiddleware {
  return {
    onError: (request) => {
      const error = toDependencyError(request.error);
      const kind = problemKindOf(error);
      if (!kind.known)
        logger.error('Unhandled error', { error: withSourceMappedStack(request.error as Error) });
      else if (kind.status >= 500) logger.warn('Dependency unavailable', { error: request.error as Error });
      else logger.info('Request refused', { status: kind.status, detail: (error as Error).message });
      request.response = problemResponse(
        error,
        request.event.rawPath ?? '/',
        messageLanguageOf(request.event),
      );
    },
  };
}
