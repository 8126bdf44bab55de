/** The one structured logger every function shares (Powertools: JSON lines with the request id). */
import { Logger } from '@aws-lambda-powertools/logger';

export const logger = new Logger({ serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'jucip-tracker' });
