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
      publicThrottle: { rateLimit: 20, burstLimit: 40 },
      publicCdn: { enabled: false, ratePerFiveMinutes: 500, maxCacheSeconds: 60 },
      releaseLicense: 'CC-BY-4.0',
      reportDueDay: 15,
      indicatorRetentionDays: 400,
    });
  });

  it('reads the reports’ day of grace, refusing a day some month lacks', () => {
    expect(configFrom({ reportDueDay: '20' }).reportDueDay).toBe(20);
    expect(() => configFrom({ reportDueDay: '31' })).toThrow('Invalid CDK context "reportDueDay"');
    expect(() => configFrom({ reportDueDay: 'soon' })).toThrow('Invalid CDK context "reportDueDay"');
    expect(configFrom({ indicatorRetentionDays: '800' }).indicatorRetentionDays).toBe(800);
    expect(() => configFrom({ indicatorRetentionDays: '0' })).toThrow(
      'Invalid CDK context "indicatorRetentionDays"',
    );
  });

  it('reads the releases’ licence and the IATI publisher, refusing malformed ones', () => {
    expect(configFrom({ releaseLicense: 'CC0-1.0' }).releaseLicense).toBe('CC0-1.0');
    expect(
      configFrom({
        iatiReportingOrgRef: 'XM-DAC-701-8',
        iatiReportingOrgName: 'JICA',
        iatiReportingOrgType: '10',
      }).iatiReportingOrg,
    ).toEqual({ ref: 'XM-DAC-701-8', name: 'JICA', type: '10' });
    expect(() => configFrom({ releaseLicense: 'CC BY 4.0' })).toThrow('Invalid CDK context "releaseLicense"');
    expect(() => configFrom({ iatiReportingOrgRef: 'XM-DAC-701-8' })).toThrow(
      'Invalid CDK context "iatiReportingOrgName"',
    );
    expect(() =>
      configFrom({ iatiReportingOrgRef: 'X', iatiReportingOrgName: 'Y', iatiReportingOrgType: 'gov' }),
    ).toThrow('Invalid CDK context "iatiReportingOrgType"');
  });

  it('reads the public routes’ throttle, which never exceeds the authenticated one', () => {
    expect(configFrom({ publicThrottleRateLimit: '5', publicThrottleBurstLimit: 8 }).publicThrottle).toEqual({
      rateLimit: 5,
      burstLimit: 8,
    });
    // A lower authenticated throttle lowers the public default with it.
    expect(configFrom({ throttleRateLimit: 10, throttleBurstLimit: 15 }).publicThrottle).toEqual({
      rateLimit: 10,
      burstLimit: 15,
    });
    expect(() => configFrom({ publicThrottleRateLimit: 51 })).toThrow(
      /publicThrottleRateLimit.*at least as tightly/,
    );
    expect(() => configFrom({ publicThrottleBurstLimit: 101 })).toThrow(/publicThrottleBurstLimit/);
  });

  it.each([
    [true, true],
    ['true', true],
    ['false', false],
    [undefined, false],
  ])('reads publicCdn %j as %s', (publicCdn, enabled) => {
    expect(configFrom({ publicCdn }).publicCdn.enabled).toBe(enabled);
  });

  it('reads the public CDN’s rate limit and cache time, refusing a rate AWS WAF does not accept', () => {
    expect(
      configFrom({ publicCdnRatePerFiveMinutes: '1000', publicCdnMaxCacheSeconds: '30' }).publicCdn,
    ).toEqual({
      enabled: false,
      ratePerFiveMinutes: 1000,
      maxCacheSeconds: 30,
    });
    expect(() => configFrom({ publicCdnRatePerFiveMinutes: 9 })).toThrow(/publicCdnRatePerFiveMinutes/);
    expect(() => configFrom({ publicCdn: 'yes' })).toThrow(/publicCdn.*true or false/);
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
