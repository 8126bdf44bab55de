/** Public reads: no token, no writes. */
import { httpHandler } from '../../shared/http/handler.ts';
import { getHealth } from './health.ts';

export const handler = httpHandler({
  'GET /health': getHealth,
});
