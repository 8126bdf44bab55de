import { App } from 'aws-cdk-lib';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { describe, expect, it } from 'vitest';
import { parseConfig, readConfig } from '../../infra/config.ts';
import { defaultIndicatorSchedule } from '../../shared/schedule.ts';

/** The configuration for a context given as a plain object. */
function configFrom(context: Record<string, unknown>) {
  return parseConfig((key) => context[key]);
}

describe('readConfig', () => {
  it('defaults to the dev stage: 30-day logs, no CORS, no alarm e-mail, the shared schedule, throttling on', () => {
    const config = configFrom({});

    expect(config).toEqual({
      stage: 'dev',
      retainData: false,
      corsOrigins: [],
      indicatorSchedule: defaultIndicatorSchedule,
      logRetentionDays: RetentionDays.ONE_MONTH,
      logLevel: 'INFO',
      throttle: { rateLimit: 50, burstLimit: 100 },
    });
  });

  it('retains data and keeps logs for a year in prod', () => {
    const config = configFrom({ stage: 'prod' });

    expect(config.retainData).toBe(true);
    expect(config.logRetentionDays).toBe(RetentionDays.ONE_YEAR);
  });

  it('reads values from the CDK context of a construct', () => {
    const app = new App({ context: { stage: 'staging', alarmEmail: 'ops@example.org' } });

    const config = readConfig(app.node);

    expect(config.stage).toBe('staging');
    expect(config.alarmEmail).toBe('ops@example.org');
  });

  it('accepts CORS origins as a comma-separated string, dropping blanks and duplicates', () => {
    const config = configFrom({
      corsOrigins: 'https://tracker.example.org, http://localhost:5173,,https://tracker.example.org',
    });

    expect(config.corsOrigins).toEqual(['https://tracker.example.org', 'http://localhost:5173']);
  });

  it('accepts CORS origins as an array', () => {
    const config = configFrom({ corsOrigins: ['https://tracker.example.org'] });

    expect(config.corsOrigins).toEqual(['https://tracker.example.org']);
  });

  it('reads numbers given as strings, as `-c key=value` passes them', () => {
    const config = configFrom({ logRetentionDays: '90', throttleRateLimit: '10', throttleBurstLimit: '20' });

    expect(config.logRetentionDays).toBe(RetentionDays.THREE_MONTHS);
    expect(config.throttle).toEqual({ rateLimit: 10, burstLimit: 20 });
  });

  it.each([['rate(5 minutes)'], ['cron(0 3 * * ? *)']])(
    'accepts the schedule expression %s',
    (indicatorSchedule) => {
      expect(configFrom({ indicatorSchedule }).indicatorSchedule).toBe(indicatorSchedule);
    },
  );

  it.each([
    ['stage', 'Prod'],
    ['stage', 'prod_eu'],
    ['corsOrigins', 'https://tracker.example.org/'],
    ['corsOrigins', 'tracker.example.org'],
    ['corsOrigins', 42],
    ['alarmEmail', 'ops-at-example.org'],
    ['indicatorSchedule', 'rate(0 days)'],
    ['indicatorSchedule', 'cron(0 3 * * ?)'],
    ['indicatorSchedule', 'daily'],
    ['logRetentionDays', '45'],
    ['logRetentionDays', 9999],
    ['logLevel', 'VERBOSE'],
    ['throttleRateLimit', '0'],
    ['throttleBurstLimit', 'lots'],
  ])('rejects %s = %j with an error naming the setting', (key, value) => {
    expect(() => configFrom({ [key]: value })).toThrow(`Invalid CDK context "${key}"`);
  });
});
