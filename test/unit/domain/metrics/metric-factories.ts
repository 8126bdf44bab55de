/**
 * Builders and oracles for the metric tests. Each builder returns new objects.
 */
import fc from 'fast-check';
import type { SubmitReportContext } from '../../../../shared/domain/metrics/report.ts';
import type { MetricReportInput } from '../../../../shared/domain/metrics/schema.ts';
import type { LifecycleStatus, StatusHistoryEntry } from '../../../../shared/domain/projects/schema.ts';
import type { EmissionFactor } from '../../../../shared/domain/reference/emission-factors.ts';
import { aProject, aSubmitter, now } from '../factories.ts';

/** A parsed report body (defaults applied): 12.5 t CO2 against an explicit 450 tCO2e baseline. */
export function aReportInput(overrides: Partial<MetricReportInput> = {}): MetricReportInput {
  return {
    generationMwh: 1_000,
    projectEmissions: [{ gas: 'CO2', tonnes: 12.5 }],
    baseline: { method: 'explicit', tco2e: 450 },
    leakageTco2e: 0,
    gwpSet: 'AR6',
    dataQuality: 2,
    ...overrides,
  };
}

/** A stored emission factor for Japan. */
export function aFactor(overrides: Partial<EmissionFactor> = {}): EmissionFactor {
  return {
    id: 'jp-national-2023',
    region: 'JP',
    year: 2023,
    tco2PerMwh: 0.4567,
    method: 'national_average',
    source: { title: 'Sample grid factor for tests', url: 'https://www.env.go.jp/earth/ghg-santeikohyo' },
    version: 1,
    updatedAt: '2025-01-10T08:00:00.000Z',
    updatedBy: 'user-admin',
    ...overrides,
  };
}

/** A status history from `[status, effectiveDate]` pairs. */
export function historyOf(
  ...entries: ReadonlyArray<readonly [LifecycleStatus, string]>
): StatusHistoryEntry[] {
  return entries.map(([status, effectiveDate]) => ({
    status,
    effectiveDate,
    recordedAt: `${effectiveDate}T12:00:00.000Z`,
    recordedBy: 'user-submitter',
  }));
}

/** A first submission for May 2025 of a Japanese project under construction since 2024-03-10. */
export function aSubmitContext(overrides: Partial<SubmitReportContext> = {}): SubmitReportContext {
  return {
    project: aProject({
      statusHistory: historyOf(['announced', '2022-01-01'], ['construction', '2024-03-10']),
      status: 'construction',
    }),
    period: '2025-05',
    principal: aSubmitter(),
    now,
    ...overrides,
  };
}

/**
 * An exact decimal as a test oracle: `text` with `scale` decimals as a big integer of 10^-scale
 * units (`scaled('1.25', 3)` is 1250n). Independent of the decimal module under test.
 */
export function scaled(text: string, scale: number): bigint {
  const match = /^(-?)(\d+)(?:\.(\d+))?$/.exec(text);
  if (match === null) throw new Error(`Not a plain decimal: ${text}`);
  const [, sign = '', integerDigits = '', fractionDigits = ''] = match;
  if (fractionDigits.length > scale) throw new Error(`${text} has more than ${scale} decimals`);
  const units = BigInt(integerDigits + fractionDigits.padEnd(scale, '0'));
  return sign === '-' ? -units : units;
}

/** A decimal number the way JSON brings one: its text and the number it parses to. */
export interface DecimalSample {
  readonly text: string;
  readonly value: number;
}

/**
 * Decimals from `min` to `max` with up to `maxDecimals` decimals and at most 15 significant digits
 * (so that the number prints back as exactly its text).
 */
export function decimals(min: number, max: number, maxDecimals = 9): fc.Arbitrary<DecimalSample> {
  return fc.integer({ min: 0, max: maxDecimals }).chain((places) =>
    fc
      .integer({
        min: Math.ceil(min * 10 ** places),
        max: Math.min(999_999_999_999_999, Math.floor(max * 10 ** places)),
      })
      .map((units): DecimalSample => {
        const digits = String(units).padStart(places + 1, '0');
        const text = places === 0 ? digits : `${digits.slice(0, -places)}.${digits.slice(-places)}`;
        return { text, value: Number(text) };
      }),
  );
}

/** The spacing of doubles around `x`: the float noise a tolerance must allow for. */
export function ulp(x: number): number {
  return Math.max(Math.abs(x) * Number.EPSILON, Number.MIN_VALUE);
}
