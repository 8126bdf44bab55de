import { describe, expect, it } from 'vitest';
import {
  sampleEmissionFactors,
  sampleFactorTitle,
} from '../../../infra/local/sample-data/emission-factors.ts';
import { sampleFxRates } from '../../../infra/local/sample-data/fx-rates.ts';
import { sampleProjects } from '../../../infra/local/sample-data/projects.ts';
import {
  type SampleReportPlan,
  sampleReportMonthsPerProject,
  sampleReportsFor,
  sampleVerificationComment,
} from '../../../infra/local/sample-data/reports.ts';
import { indicatorProjectOf, indicatorReportOf } from '../../../shared/domain/indicator-runs/job.ts';
import { lastCompleteMonth } from '../../../shared/domain/indicator-runs/run.ts';
import { IndicatorComputation } from '../../../shared/domain/indicators/compute.ts';
import { suppressionPattern } from '../../../shared/domain/indicators/disclosure.ts';
import {
  type MetricReport,
  reportablePeriods,
  submitReport,
  verifyReport,
} from '../../../shared/domain/metrics/report.ts';
import { metricReportInputSchema, verificationSchema } from '../../../shared/domain/metrics/schema.ts';
import type { Principal } from '../../../shared/domain/policy.ts';
import { changeStatus, createProject, type Project } from '../../../shared/domain/projects/project.ts';
import { projectCreateSchema, statusChangeSchema } from '../../../shared/domain/projects/schema.ts';
import {
  type EmissionFactor,
  emissionFactorInputSchema,
  regionCountry,
} from '../../../shared/domain/reference/emission-factors.ts';
import { fxKey } from '../../../shared/domain/reference/fx.ts';
import { fieldErrorsFromZod, parseOrThrow } from '../../../shared/domain/validation.ts';

/** After every sample effective date (2026-10-31 at the latest). */
const now = '2026-11-15T12:00:00.000Z';
/** Long after, so that the 36-month window bites everywhere. */
const later = '2028-03-10T08:00:00.000Z';

const rateTable = new Map(sampleFxRates.map((rate) => [fxKey(rate.currency, rate.year), rate.usdPerUnit]));
const factorsById = new Map(sampleEmissionFactors.map((factor) => [factor.id, factor]));
const generating = new Set([
  'solar_pv',
  'wind_onshore',
  'wind_offshore',
  'hydro',
  'geothermal',
  'bioenergy',
  'nuclear',
  'ammonia',
]);

/** The sample projects as the loader leaves them (created, then every status change), as of `asOf`. */
function sampleProjectsAsOf(asOf: string): Project[] {
  let issued = 0;
  return sampleProjects.map((sample) => {
    const ctx = {
      principal: { subject: `sample-loader-${sample.orgId}`, roles: ['submitter'], orgId: sample.orgId },
      now: asOf,
      newId: () => `SAMPLE${String(++issued).padStart(20, '0')}`,
      usdPerUnit: (currency: string, year: number) => rateTable.get(fxKey(currency, year)),
    } satisfies Parameters<typeof createProject>[1];
    let project = createProject(parseOrThrow(projectCreateSchema, sample.body), ctx).project;
    for (const change of sample.statusChanges ?? []) {
      project = changeStatus(project, parseOrThrow(statusChangeSchema, change), ctx).project;
    }
    return project;
  });
}

const projects = sampleProjectsAsOf(now);
const plansOf = new Map(projects.map((project) => [project, sampleReportsFor(project, now)]));
const allPlans = [...plansOf.values()].flat();
const reachedOperating = (project: Project) =>
  project.statusHistory.some((entry) => entry.status === 'operating');

function addMonths(period: string, months: number): string {
  const index = Number(period.slice(0, 4)) * 12 + Number(period.slice(5, 7)) - 1 + months;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
}

function bodiesOf(plan: SampleReportPlan) {
  return plan.restate === undefined ? [plan.body] : [plan.body, plan.restate];
}

const reviewer: Principal = { subject: 'sample-loader-reviewer', roles: ['reviewer'] };

function factorOf(id: string): EmissionFactor | undefined {
  const factor = factorsById.get(id);
  if (factor === undefined) return undefined;
  const body = parseOrThrow(emissionFactorInputSchema, factor.body);
  return { id, ...body, version: 1, updatedAt: now, updatedBy: 'sample-seed' };
}

/** A project's reports as the loader leaves them (each month's latest revision), checking each step. */
function loadedReports(project: Project, plans: readonly SampleReportPlan[]): MetricReport[] {
  const submitter: Principal = {
    subject: `sample-loader-${project.orgId}`,
    roles: ['submitter'],
    orgId: project.orgId,
  };
  const submit = (period: string, body: unknown, previous: MetricReport | undefined) => {
    const input = parseOrThrow(metricReportInputSchema, body);
    const factorId = input.baseline.method === 'grid_factor' ? input.baseline.factorId : undefined;
    return submitReport(input, {
      project,
      period,
      previous,
      factor: factorId === undefined ? undefined : factorOf(factorId),
      principal: submitter,
      now,
    });
  };
  return plans.map((plan) => {
    const first = submit(plan.period, plan.body, undefined);
    expect(first.outcome).toBe('created');
    let report = first.report;
    if (plan.verify !== undefined) {
      const decision = parseOrThrow(verificationSchema, {
        decision: plan.verify,
        comment: sampleVerificationComment(plan.verify),
      });
      report = verifyReport(report, decision, { principal: reviewer, now });
      expect(report.verification.state).toBe(plan.verify);
    }
    if (plan.restate !== undefined) {
      const restatement = submit(plan.period, plan.restate, report);
      expect(restatement.outcome, `${project.name} ${plan.period}`).toBe('restated');
      report = restatement.report;
      expect(report.revision).toBe(2);
      expect(report.verification.state).toBe('self_reported');
    }
    return report;
  });
}

describe('sample emission factors', () => {
  it.each(sampleEmissionFactors.map((factor) => [factor.id, factor] as const))(
    '%s is a valid PUT /emission-factors body',
    (_id, factor) => {
      const result = emissionFactorInputSchema.safeParse(factor.body);
      expect(result.success ? [] : fieldErrorsFromZod(result.error)).toEqual([]);
    },
  );

  it('has unique sample- ids, labelled as samples with an https publisher page', () => {
    expect(factorsById.size).toBe(sampleEmissionFactors.length);
    for (const { id, body } of sampleEmissionFactors) {
      expect(id).toMatch(/^sample-[a-z0-9-]+-\d{4}$/);
      expect(id.endsWith(String(body.year))).toBe(true);
      expect(body.source.title).toBe(sampleFactorTitle);
      expect(body.source.title).toMatch(/^SAMPLE for local use only: .*not an official factor$/);
      expect(body.source.url).toMatch(/^https:\/\//);
    }
  });

  it('gives national averages 2019–2025 for every host country of the portfolio, and US subregions', () => {
    const hostCountries = new Set(
      sampleProjects.map((sample) => (sample.body as { hostCountry: string }).hostCountry),
    );
    for (const country of ['JP', 'US', 'AU', 'ID', 'VN', 'PH']) expect(hostCountries).toContain(country);
    for (const country of hostCountries) {
      for (let year = 2019; year <= 2025; year += 1) {
        const factor = factorsById.get(`sample-${country.toLowerCase()}-national-${year}`);
        expect(factor?.body, `${country} ${year}`).toMatchObject({
          region: country,
          year,
          method: 'national_average',
        });
      }
    }
    const subregions = sampleEmissionFactors.filter((factor) => factor.body.method === 'grid_subregion');
    expect(new Set(subregions.map((factor) => factor.body.region))).toContain('US-ERCT');
    for (const factor of subregions) expect(regionCountry(factor.body.region)).toBe('US');
  });

  it.each([
    ['JP', 0.4, 0.5],
    ['US', 0.35, 0.42],
    ['AU', 0.6, 0.8],
    ['ID', 0.7, 0.85],
    ['VN', 0.55, 0.72],
    ['PH', 0.6, 0.72],
  ])('keeps %s national averages within %f–%f tCO2/MWh', (country, low, high) => {
    for (const { body } of sampleEmissionFactors.filter((factor) => factor.body.region === country)) {
      expect(body.tco2PerMwh).toBeGreaterThanOrEqual(low);
      expect(body.tco2PerMwh).toBeLessThanOrEqual(high);
    }
  });
});

describe('sample metric reports', () => {
  it('gives valid PUT /projects/{id}/metrics/{period} bodies, first submissions and restatements', () => {
    for (const plan of allPlans) {
      for (const body of bodiesOf(plan)) {
        const result = metricReportInputSchema.safeParse(body);
        expect(result.success ? [] : fieldErrorsFromZod(result.error), plan.period).toEqual([]);
      }
    }
  });

  it.each([now, later])(
    'reports (as of %s) months within reportablePeriods, up to the last complete month, at most 36 per project',
    (asOf) => {
      for (const project of sampleProjectsAsOf(asOf)) {
        const plans = sampleReportsFor(project, asOf);
        if (!reachedOperating(project)) {
          expect(plans, project.name).toEqual([]);
          continue;
        }
        expect(plans.length, project.name).toBeGreaterThan(0);
        expect(plans.length, project.name).toBeLessThanOrEqual(sampleReportMonthsPerProject);
        const { earliest, latest } = reportablePeriods(project, asOf);
        const periods = plans.map((plan) => plan.period);
        expect([...new Set(periods)].sort(), project.name).toEqual(periods);
        for (const period of periods) {
          expect(period >= String(earliest), `${project.name} ${period}`).toBe(true);
          expect(period < latest, `${project.name} ${period}`).toBe(true);
        }
      }
    },
  );

  it('reports every month an operating project was operating in its window, up to the last complete month', () => {
    const lastComplete = addMonths(now.slice(0, 7), -1);
    for (const [project, plans] of plansOf) {
      if (project.status !== 'operating') continue;
      expect(plans.at(-1)?.period, project.name).toBe(lastComplete);
    }
  });

  it('names only sample factors of the project’s host country, of the nearest year available', () => {
    for (const [project, plans] of plansOf) {
      for (const plan of plans) {
        for (const body of bodiesOf(plan)) {
          if (body.baseline.method !== 'grid_factor') continue;
          const factor = factorsById.get(body.baseline.factorId);
          expect(factor, `${project.name} ${plan.period} ${body.baseline.factorId}`).toBeDefined();
          if (factor === undefined) continue;
          expect(regionCountry(factor.body.region)).toBe(project.hostCountry);
          const year = Number(plan.period.slice(0, 4));
          const nearest = Math.min(
            ...sampleEmissionFactors
              .filter((other) => other.body.region === factor.body.region)
              .map((other) => Math.abs(other.body.year - year)),
          );
          expect(Math.abs(factor.body.year - year)).toBe(nearest);
        }
      }
    }
  });

  it('is deterministic', () => {
    for (const asOf of [now, later]) {
      const first = sampleProjectsAsOf(asOf).map((project) => sampleReportsFor(project, asOf));
      const second = sampleProjectsAsOf(asOf).map((project) => sampleReportsFor(project, asOf));
      expect(second).toEqual(first);
    }
  });

  it('keeps the totals within what the local runtime loads quickly, with a realistic mix', () => {
    expect(allPlans.length).toBeGreaterThanOrEqual(300);
    expect(allPlans.length).toBeLessThanOrEqual(3000);
    const decidable = allPlans.filter((plan) => plan.period <= addMonths(now.slice(0, 7), -4));
    const verified = allPlans.filter((plan) => plan.verify === 'verified');
    const rejected = allPlans.filter((plan) => plan.verify === 'rejected');
    const restated = allPlans.filter((plan) => plan.restate !== undefined);
    expect(verified.length / decidable.length).toBeGreaterThan(0.45);
    expect(verified.length / decidable.length).toBeLessThan(0.75);
    expect(rejected.length).toBeGreaterThanOrEqual(5);
    expect(rejected.length / decidable.length).toBeLessThan(0.15);
    expect(restated.length).toBeGreaterThanOrEqual(10);
    expect(restated.length / allPlans.length).toBeLessThan(0.1);
    expect(restated.filter((plan) => plan.verify === 'verified').length).toBeGreaterThanOrEqual(3);
    expect(restated.filter((plan) => plan.verify === 'rejected').length).toBeGreaterThanOrEqual(3);
    // The last complete months are not decided yet.
    for (const plan of allPlans) {
      if (plan.period > addMonths(now.slice(0, 7), -4)) expect(plan.verify).toBeUndefined();
    }

    const bodies = allPlans.map((plan) => plan.body);
    const ar5 = bodies.filter((body) => body.gwpSet === 'AR5').length;
    expect(ar5).toBeGreaterThan(0);
    expect(ar5 / bodies.length).toBeLessThan(0.2);
    const withGeneration = bodies.filter((body) => body.generationMwh !== undefined);
    const gridFactor = withGeneration.filter((body) => body.baseline.method === 'grid_factor').length;
    expect(gridFactor / withGeneration.length).toBeGreaterThan(0.6);
    expect(gridFactor).toBeLessThan(withGeneration.length);
    for (const body of bodies) {
      expect(body.dataQuality).toBeGreaterThanOrEqual(1);
      expect(body.dataQuality).toBeLessThanOrEqual(4);
    }
  });

  it('gives generation only for generating technologies, and explicit baselines otherwise', () => {
    for (const [project, plans] of plansOf) {
      for (const plan of plans) {
        if (generating.has(project.technology)) continue;
        expect(plan.body.generationMwh, `${project.name} ${plan.period}`).toBeUndefined();
        expect(plan.body.baseline.method).toBe('explicit');
      }
    }
    const generatingPlans = [...plansOf].filter(
      ([project]) => generating.has(project.technology) && reachedOperating(project),
    );
    expect(generatingPlans.length).toBeGreaterThanOrEqual(8);
    for (const [project, plans] of generatingPlans) {
      const operatingMonths = plans.filter((plan) => (plan.body.generationMwh ?? 0) > 0);
      expect(operatingMonths.length, project.name).toBeGreaterThan(0);
      const megawatts = project.capacity?.unit === 'MW' ? project.capacity.value : undefined;
      if (megawatts === undefined) continue;
      for (const plan of operatingMonths) {
        // Never above nameplate for the whole month.
        expect(Number(plan.body.generationMwh)).toBeLessThanOrEqual(megawatts * 24 * 31);
      }
    }
  });

  it('restates with figures that differ from the first submission', () => {
    for (const plan of allPlans) {
      if (plan.restate !== undefined) expect(plan.restate).not.toEqual(plan.body);
    }
  });

  it('loads through the domain operations as the local runtime will load it', () => {
    let reductions = 0;
    for (const [project, plans] of plansOf) {
      for (const report of loadedReports(project, plans)) reductions += report.reductionsTco2e;
    }
    expect(reductions).toBeGreaterThan(0);
  });
});

/** What the dashboard charts: the `all`-slice cells the public must be able to see. */
const headlineIndicators = [
  'operating_capacity_mw',
  'investment_committed_usd',
  'investment_cumulative_usd',
  'generation_mwh',
  'emission_reductions_tco2e',
  'verified_reductions_tco2e',
  'verified_share',
  'carbon_productivity_tco2e_per_musd',
  'reporting_coverage',
] as const;

/**
 * The least share of free all-slice cells since 2024 the dashboard's main series keep. Reductions
 * come mostly from the hand-written projects (the fleet reports only its latest months, to keep
 * `npm start` quick), so some of their months and quarters stay suppressed.
 */
const leastFreeShare = {
  operating_capacity_mw: 0.9,
  generation_mwh: 0.9,
  reporting_coverage: 0.9,
  emission_reductions_tco2e: 0.6,
  verified_reductions_tco2e: 0.8,
  verified_share: 0.6,
} as const;

/** Per granularity and headline indicator, the share of `all`-slice cells the public sees (not suppressed). */
function freeHeadlineShares(): Record<string, Record<string, number>> {
  const computation = new IndicatorComputation({ lastCompleteMonth: lastCompleteMonth(now) });
  projects.forEach((project, i) => {
    if (sampleProjects[i]?.review?.decision !== 'accepted') return;
    const reports = loadedReports(project, plansOf.get(project) ?? []).map(indicatorReportOf);
    computation.addProject(indicatorProjectOf(project), reports);
  });
  const { items, statistics } = computation.resultWithStatistics();
  const pattern = suppressionPattern(items, statistics);
  const shares: Record<string, Record<string, number>> = {};
  for (const granularity of ['month', 'quarter', 'year']) {
    // Reports reach back 36 months at most: judge the periods from 2024 on, which have them all.
    const recent = items.flatMap((item, i) =>
      item.slice === 'all' && item.granularity === granularity && item.period >= '2024'
        ? [pattern[i] ?? {}]
        : [],
    );
    shares[granularity] = Object.fromEntries(
      headlineIndicators.map((name) => [
        name,
        recent.filter((status) => !status[name]).length / recent.length,
      ]),
    );
  }
  return shares;
}

describe('sample indicators after disclosure control', () => {
  it('leaves most all-slice capacity, generation, coverage and reductions cells free since 2024, so that the public dashboard has charts', () => {
    // Investment cells are not held to this: commitments are sparse (one or two a month), so most of
    // them, and the cumulative series differencing would expose, stay suppressed (docs/disclosure-control.md).
    const shares = freeHeadlineShares();
    for (const [granularity, byIndicator] of Object.entries(shares)) {
      for (const [name, least] of Object.entries(leastFreeShare)) {
        expect(byIndicator[name], `${granularity} ${name}`).toBeGreaterThanOrEqual(least);
      }
    }
  });
});
