/**
 * Deployment settings, read from CDK context (`cdk.json` or `-c key=value`) and checked once, so a
 * typo fails `cdk synth` with a message that names the setting instead of deploying something odd.
 */
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Node } from 'constructs';
import { defaultReportDueDay, reportDueDay } from '../shared/domain/reminders/due.ts';
import { defaultIndicatorSchedule, rateIntervalMs } from '../shared/schedule.ts';

export type LogLevel = 'DEBUG' | 'INFO' | 'WARN' | 'ERROR';

export interface ApiThrottle {
  /** Steady-state requests per second across the API's routes. */
  readonly rateLimit: number;
  /** Requests allowed in a burst above the steady rate. */
  readonly burstLimit: number;
}

/** The opt-in CloudFront distribution in front of the public routes (docs/operations.md). */
export interface PublicCdnConfig {
  /** Whether to build it; it needs the stack in us-east-1, where AWS WAF for CloudFront lives. */
  readonly enabled: boolean;
  /** Requests one client IP may make in any 5 minutes before the WAF rate-based rule blocks it. */
  readonly ratePerFiveMinutes: number;
  /** The longest CloudFront keeps a public response (the API asks for 60 s on indicators). */
  readonly maxCacheSeconds: number;
}

export interface TrackerConfig {
  /** Deployment stage, e.g. `dev` or `prod`; part of the stack name. */
  readonly stage: string;
  /** True in `prod`: tables and the user pool are retained and protected from deletion. */
  readonly retainData: boolean;
  /** Browser origins allowed by CORS; empty means the API sends no CORS headers. */
  readonly corsOrigins: readonly string[];
  /** Where alarm notifications go; without it the alarm topic has no subscription. */
  readonly alarmEmail?: string;
  /** EventBridge Scheduler expression for the indicator job, `rate(...)` or `cron(...)`. */
  readonly indicatorSchedule: string;
  readonly logRetentionDays: RetentionDays;
  readonly logLevel: LogLevel;
  /** The stage's default throttle: what authenticated routes get. */
  readonly throttle: ApiThrottle;
  /** Each public route's own throttle, never looser than {@link TrackerConfig.throttle}. */
  readonly publicThrottle: ApiThrottle;
  readonly publicCdn: PublicCdnConfig;
  /** The licence id the releases' descriptors name (docs/releases.md); `CC-BY-4.0` by default. */
  readonly releaseLicense: string;
  /** The day of the following month by which a month's report is due (1–28; the reminder job's day of grace). */
  readonly reportDueDay: number;
  /** Days an indicator run's items are kept unless the run is kept for good (docs/indicator-job.md). */
  readonly indicatorRetentionDays: number;
  /** The publisher the IATI file names (docs/iati.md); the function's defaults when absent. */
  readonly iatiReportingOrg?: { readonly ref: string; readonly name: string; readonly type: string };
  /**
   * Where notification e-mails come from (docs/notifications.md): the SES identity (a verified
   * domain or address) and the sender address in it. Without it the notifier tells people in the
   * app only.
   */
  readonly mail?: MailConfig;
}

/** The SES sender of notification e-mails. */
export interface MailConfig {
  /** The verified SES identity: a domain (`example.org`) or an address. */
  readonly sesIdentity: string;
  /** The sender, an address of that identity, optionally with a display name: `JUCIP tracker <notify@example.org>`. */
  readonly from: string;
}

/** The stage whose data outlives the stack. */
export const productionStage = 'prod';

const defaults = {
  stage: 'dev',
  logRetentionDays: RetentionDays.ONE_MONTH,
  productionLogRetentionDays: RetentionDays.ONE_YEAR,
  logLevel: 'INFO',
  throttleRateLimit: 50,
  throttleBurstLimit: 100,
  publicThrottleRateLimit: 20,
  publicThrottleBurstLimit: 40,
  publicCdnRatePerFiveMinutes: 500,
  publicCdnMaxCacheSeconds: 60,
} as const;

const logLevels: readonly LogLevel[] = ['DEBUG', 'INFO', 'WARN', 'ERROR'];

// CloudWatch accepts only these retention periods; "never expire" is left out on purpose because
// every log group must have an explicit retention.
const retentionPeriods = new Set<number>(
  Object.values(RetentionDays).filter(
    (value): value is RetentionDays => typeof value === 'number' && value !== RetentionDays.INFINITE,
  ),
);

/** Reads one context value; `-c key=value` always yields strings, `cdk.json` may hold JSON values. */
export type ContextReader = (key: string) => unknown;

class ConfigError extends Error {
  constructor(key: string, problem: string) {
    super(`Invalid CDK context "${key}": ${problem}`);
    this.name = 'ConfigError';
  }
}

function optionalString(read: ContextReader, key: string): string | undefined {
  const value = read(key);
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string')
    throw new ConfigError(key, `expected a string, got ${JSON.stringify(value)}`);
  const trimmed = value.trim();
  return trimmed === '' ? undefined : trimmed;
}

function positiveInteger(read: ContextReader, key: string, fallback: number): number {
  const value = read(key);
  if (value === undefined || value === null || value === '') return fallback;
  const parsed =
    typeof value === 'number' ? value : typeof value === 'string' ? Number(value.trim()) : Number.NaN;
  if (!Number.isInteger(parsed) || parsed < 1) {
    throw new ConfigError(key, `expected a positive whole number, got ${JSON.stringify(value)}`);
  }
  return parsed;
}

function optionalBoolean(read: ContextReader, key: string, fallback: boolean): boolean {
  const value = read(key);
  if (value === undefined || value === null || value === '') return fallback;
  if (value === true || value === 'true') return true;
  if (value === false || value === 'false') return false;
  throw new ConfigError(key, `expected true or false, got ${JSON.stringify(value)}`);
}

/** The public routes' throttle: a public route never gets more than the authenticated ones. */
function readPublicThrottle(read: ContextReader, throttle: ApiThrottle): ApiThrottle {
  const rateLimit = positiveInteger(
    read,
    'publicThrottleRateLimit',
    Math.min(defaults.publicThrottleRateLimit, throttle.rateLimit),
  );
  const burstLimit = positiveInteger(
    read,
    'publicThrottleBurstLimit',
    Math.min(defaults.publicThrottleBurstLimit, throttle.burstLimit),
  );
  if (rateLimit > throttle.rateLimit) {
    throw new ConfigError(
      'publicThrottleRateLimit',
      `${rateLimit} is above throttleRateLimit (${throttle.rateLimit}): public routes must be throttled at least as tightly as authenticated ones`,
    );
  }
  if (burstLimit > throttle.burstLimit) {
    throw new ConfigError(
      'publicThrottleBurstLimit',
      `${burstLimit} is above throttleBurstLimit (${throttle.burstLimit}): public routes must be throttled at least as tightly as authenticated ones`,
    );
  }
  return { rateLimit, burstLimit };
}

function readPublicCdn(read: ContextReader): PublicCdnConfig {
  const ratePerFiveMinutes = positiveInteger(
    read,
    'publicCdnRatePerFiveMinutes',
    defaults.publicCdnRatePerFiveMinutes,
  );
  // AWS WAF's rate-based rules accept 10 to 2,000,000,000 requests per evaluation window.
  if (ratePerFiveMinutes < 10) {
    throw new ConfigError(
      'publicCdnRatePerFiveMinutes',
      `${ratePerFiveMinutes} is below AWS WAF's minimum of 10`,
    );
  }
  return {
    enabled: optionalBoolean(read, 'publicCdn', false),
    ratePerFiveMinutes,
    maxCacheSeconds: positiveInteger(read, 'publicCdnMaxCacheSeconds', defaults.publicCdnMaxCacheSeconds),
  };
}

function readStage(read: ContextReader): string {
  const stage = optionalString(read, 'stage') ?? defaults.stage;
  // The stage ends up in stack, API and user pool names, which allow little more than this.
  if (!/^[a-z][a-z0-9-]{0,19}$/.test(stage)) {
    throw new ConfigError(
      'stage',
      `"${stage}" must start with a lower-case letter and use only a-z, 0-9 and "-" (at most 20 characters)`,
    );
  }
  return stage;
}

function readCorsOrigins(read: ContextReader): string[] {
  const value = read('corsOrigins');
  if (value === undefined || value === null) return [];
  let entries: unknown[];
  if (typeof value === 'string') entries = value.split(',');
  else if (Array.isArray(value)) entries = value;
  else throw new ConfigError('corsOrigins', 'expected a comma-separated string or an array of origins');

  const origins = entries.map((entry) => {
    if (typeof entry !== 'string')
      throw new ConfigError('corsOrigins', `${JSON.stringify(entry)} is not a string`);
    return entry.trim();
  });
  for (const origin of origins.filter((o) => o !== '')) {
    if (origin === '*') continue;
    let parsed: URL | undefined;
    try {
      parsed = new URL(origin);
    } catch {
      parsed = undefined;
    }
    // An origin is scheme, host and port only; a trailing slash or path never matches a browser's Origin header.
    if (!parsed || !['https:', 'http:'].includes(parsed.protocol) || parsed.origin !== origin) {
      throw new ConfigError('corsOrigins', `"${origin}" is not an origin like https://tracker.example.org`);
    }
  }
  return [...new Set(origins.filter((o) => o !== ''))];
}

function readAlarmEmail(read: ContextReader): string | undefined {
  const email = optionalString(read, 'alarmEmail');
  if (email !== undefined && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) {
    throw new ConfigError('alarmEmail', `"${email}" is not an e-mail address`);
  }
  return email;
}

function readMail(read: ContextReader): MailConfig | undefined {
  const sesIdentity = optionalString(read, 'sesIdentity');
  const from = optionalString(read, 'mailFrom');
  if (sesIdentity === undefined && from === undefined) return undefined;
  if (sesIdentity === undefined)
    throw new ConfigError('sesIdentity', 'mailFrom is set, so name its SES identity');
  if (from === undefined) throw new ConfigError('mailFrom', 'sesIdentity is set, so give the sender address');
  const address = /<([^<>]+)>\s*$/.exec(from)?.[1] ?? from;
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(address)) {
    throw new ConfigError('mailFrom', `"${from}" is not an address or "Name <address>"`);
  }
  const domain = address.split('@')[1]?.toLowerCase();
  const identity = sesIdentity.toLowerCase();
  if (identity !== address.toLowerCase() && identity !== domain) {
    throw new ConfigError('mailFrom', `"${address}" is not an address of the SES identity "${sesIdentity}"`);
  }
  return { sesIdentity, from };
}

function readIndicatorSchedule(read: ContextReader): string {
  const expression = optionalString(read, 'indicatorSchedule') ?? defaultIndicatorSchedule;
  if (expression.startsWith('rate(')) {
    try {
      rateIntervalMs(expression);
    } catch (error) {
      throw new ConfigError('indicatorSchedule', (error as Error).message);
    }
    return expression;
  }
  // EventBridge Scheduler cron has six fields: minutes hours day-of-month month day-of-week year.
  const cronFields = /^cron\(([^()]+)\)$/.exec(expression)?.[1]?.trim().split(/\s+/);
  if (cronFields?.length !== 6) {
    throw new ConfigError(
      'indicatorSchedule',
      `"${expression}" must be "rate(<n> <minutes|hours|days>)" or "cron(<min> <hour> <day> <month> <weekday> <year>)"`,
    );
  }
  return expression;
}

function readLogRetention(read: ContextReader, retainData: boolean): RetentionDays {
  const fallback = retainData ? defaults.productionLogRetentionDays : defaults.logRetentionDays;
  const days = positiveInteger(read, 'logRetentionDays', fallback);
  if (!retentionPeriods.has(days)) {
    const allowed = [...retentionPeriods].sort((a, b) => a - b).join(', ');
    throw new ConfigError(
      'logRetentionDays',
      `${days} is not a CloudWatch Logs retention period (one of ${allowed})`,
    );
  }
  return days as RetentionDays;
}

function readLogLevel(read: ContextReader): LogLevel {
  const level = (optionalString(read, 'logLevel') ?? defaults.logLevel).toUpperCase();
  if (!logLevels.includes(level as LogLevel)) {
    throw new ConfigError('logLevel', `"${level}" is not one of ${logLevels.join(', ')}`);
  }
  return level as LogLevel;
}

function readReportDueDay(read: ContextReader): number {
  const value = read('reportDueDay');
  if (value === undefined || value === null || value === '') return defaultReportDueDay;
  try {
    return reportDueDay(String(value).trim());
  } catch (error) {
    throw new ConfigError('reportDueDay', (error as Error).message.replace('REPORT_DUE_DAY', 'it'));
  }
}

function readReleaseLicense(read: ContextReader): string {
  const license = optionalString(read, 'releaseLicense') ?? 'CC-BY-4.0';
  // An SPDX or Open Definition licence id, e.g. CC-BY-4.0 or ODC-BY-1.0.
  if (!/^[A-Za-z0-9][A-Za-z0-9.+-]{0,63}$/.test(license)) {
    throw new ConfigError('releaseLicense', `"${license}" is not a licence id like CC-BY-4.0`);
  }
  return license;
}

function readIatiReportingOrg(read: ContextReader): TrackerConfig['iatiReportingOrg'] {
  const ref = optionalString(read, 'iatiReportingOrgRef');
  const name = optionalString(read, 'iatiReportingOrgName');
  const type = optionalString(read, 'iatiReportingOrgType') ?? '15';
  if (ref === undefined && name === undefined) return undefined;
  if (ref === undefined || !/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(ref))
    throw new ConfigError(
      'iatiReportingOrgRef',
      `expected an IATI organisation identifier, got ${JSON.stringify(ref)}`,
    );
  if (name === undefined) throw new ConfigError('iatiReportingOrgName', 'required with iatiReportingOrgRef');
  if (!/^\d{2}$/.test(type))
    throw new ConfigError('iatiReportingOrgType', `"${type}" is not an OrganisationType code`);
  return { ref, name, type };
}

/**
 * Builds and checks the configuration from a context reader.
 * @throws Error naming the context key when a value is malformed.
 */
export function parseConfig(read: ContextReader): TrackerConfig {
  const stage = readStage(read);
  const retainData = stage === productionStage;
  const alarmEmail = readAlarmEmail(read);
  const iatiReportingOrg = readIatiReportingOrg(read);
  const mail = readMail(read);
  const throttle: ApiThrottle = {
    rateLimit: positiveInteger(read, 'throttleRateLimit', defaults.throttleRateLimit),
    burstLimit: positiveInteger(read, 'throttleBurstLimit', defaults.throttleBurstLimit),
  };
  return {
    stage,
    retainData,
    corsOrigins: readCorsOrigins(read),
    ...(alarmEmail !== undefined && { alarmEmail }),
    indicatorSchedule: readIndicatorSchedule(read),
    logRetentionDays: readLogRetention(read, retainData),
    logLevel: readLogLevel(read),
    throttle,
    publicThrottle: readPublicThrottle(read, throttle),
    publicCdn: readPublicCdn(read),
    releaseLicense: readReleaseLicense(read),
    reportDueDay: readReportDueDay(read),
    indicatorRetentionDays: positiveInteger(read, 'indicatorRetentionDays', 400),
    ...(iatiReportingOrg !== undefined && { iatiReportingOrg }),
    ...(mail !== undefined && { mail }),
  };
}

/**
 * The configuration of the app a construct belongs to, from its CDK context.
 * @throws Error naming the context key when a value is malformed.
 */
export function readConfig(node: Node): TrackerConfig {
  return parseConfig((key) => node.tryGetContext(key));
}
