/**
 * Request bodies, callers and reporting months for the metrics and reference-data routes. Every
 * call returns new objects; ids that tests share a database through (factor ids) are fresh.
 */
import { randomUUID } from 'node:crypto';
import type { MetricReportInput } from '../../shared/domain/metrics/schema.ts';
import type { EmissionFactorInput } from '../../shared/domain/reference/emission-factors.ts';
import type { FxRateInput } from '../../shared/domain/reference/fx-rate-input.ts';
import { aReportInput } from '../unit/domain/metrics/metric-factories.ts';

/**
 * A valid `PUT /projects/{id}/metrics/{period}` body: 1,200 MWh, 12.5 t CO2 against an explicit
 * 450 tCO2e baseline.
 */
export function aReportBody(overrides: Partial<MetricReportInput> = {}): MetricReportInput {
  return aReportInput({ generationMwh: 1_200, ...overrides });
}

/** A valid `PUT /emission-factors/{id}` body for Japan's grid: 0.45 tCO2/MWh. */
export function aFactorBody(overrides: Partial<EmissionFactorInput> = {}): EmissionFactorInput {
  return {
    region: 'JP',
    year: 2023,
    tco2PerMwh: 0.45,
    method: 'national_average',
    source: { title: 'Sample grid factor for tests', url: 'https://www.env.go.jp/earth/ghg-santeikohyo' },
    ...overrides,
  };
}

/** A valid `PUT /fx-rates/{currency}/{year}` body. */
export function anFxRateBody(overrides: Partial<FxRateInput> = {}): FxRateInput {
  return { usdPerUnit: 0.0066, source: { title: 'Sample rate for tests' }, ...overrides };
}

/** An emission factor id no other test uses (valid: lowercase, digits and `-`, 41 characters). */
export function aFactorId(): string {
  return `test-${randomUUID()}`;
}

/** Claims of an admin, in the shape API Gateway passes them. */
export function adminClaims(sub = 'admin-1', orgId = 'operators'): Record<string, string> {
  return { sub, 'cognito:groups': '[admin]', 'custom:orgId': orgId };
}

/** The reporting month (`YYYY-MM`, UTC) `months` before the current one; negative for months ahead. */
export function monthsAgo(months: number, now = new Date()): string {
  const month = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - months, 1));
  return month.toISOString().slice(0, 7);
}
