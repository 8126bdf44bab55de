/**
 * The indicator job. Until the indicators issue lands it only records that the schedule reached
 * it, so the schedule, retry policy and dead-letter queue can be deployed and watched end to end.
 */
import type { Context } from 'aws-lambda';
import { logger } from '../../shared/observability/logger.ts';

export interface IndicatorJobResult {
  readonly state: 'skipped';
  readonly reason: string;
}

export const handler = async (event: unknown, context: Context): Promise<IndicatorJobResult> => {
  logger.addContext(context);
  logger.info('Indicator job invoked', { event: event as Record<string, unknown> });
  return { state: 'skipped', reason: 'indicator computation is not implemented yet' };
};
