/**
 * SAMPLE monthly metric reports the local runtime loads on first start, after the sample projects,
 * so that generation, emissions, reductions, verification and reporting coverage have data. None of
 * it is a real measurement: every figure is made up from the project's capacity and a plausible
 * capacity factor per technology, with seasonal swings and a little deterministic noise.
 *
 * `sampleReportsFor(project, now)` plans a project's reports; it is deterministic (a small seeded
 * PRNG keyed by the project's name and the month, never `Math.random`), so two calls with the same
 * project and `now` give the same plan.
 *
 * Which months (only for projects that reached `operating`):
 * - every month the project was `operating` for at least one day, from its first operating month up
 *   to the last complete month before `now`; months it spent entirely `suspended`, or after it
 *   retired, are left out, and a month it operated only in part generates in proportion;
 * - up to three months of `construction` just before it first operated, with site emissions (diesel)
 *   and a zero baseline;
 * - never before `reportablePeriods(project, now).earliest`, and at most the latest 36 months (the
 *   latest 6 for the generated fleet of `fleet.ts`, which is there for its numbers of projects, and
 *   whose reports would double the time `npm start` takes to load the sample data).
 *
 * What is in a report:
 * - generating technologies (solar, wind, hydro, geothermal, bioenergy, nuclear, ammonia co-firing)
 *   give `generationMwh` = MW × hours × capacity factor × season × noise (now and then an outage);
 *   their baseline is `grid_factor` with the sample factor of the host country (or of the US grid
 *   subregion the project's state lies in) for the report's year, or the nearest year available.
 *   Ammonia co-firing counts the ammonia share of the unit's output against an explicit coal
 *   baseline; projects that reported before 2023 gave an explicit (combined-margin style) baseline
 *   until the end of 2022;
 * - non-generating technologies (storage, CCUS, hydrogen, grid, efficiency, other) give no
 *   generation and an explicit baseline (displaced peaker output, captured CO2, grey hydrogen,
 *   avoided diesel, saved electricity);
 * - project emissions where the technology has them (SF6 from switchgear, geothermal CO2 and CH4,
 *   biomass CH4 and N2O, capture energy, refrigerant leaks, construction diesel), leakage for
 *   bioenergy and CCUS, AR5 GWPs before 2023 and AR6 from then on, data quality 1–4.
 *
 * After submission: about 60 % of the months older than three months are verified and about 6 %
 * rejected (by a reviewer other than the submitter); most rejected months and a few others are
 * restated with corrected figures, some of them after verification, which drops them back to
 * `self_reported`.
 */
import type { z } from 'zod';
import { reportablePeriods } from '../../../shared/domain/metrics/report.ts';
import type { metricReportInputSchema } from '../../../shared/domain/metrics/schema.ts';
import type { Project } from '../../../shared/domain/projects/schema.ts';
import { type SampleEmissionFactor, sampleEmissionFactors } from './emission-factors.ts';
import { fleetOrgId, fleetReportMonths } from './fleet.ts';

/** A `PUT /projects/{id}/metrics/{period}` body, typed as the schema's input. */
export type SampleReportBody = z.input<typeof metricReportInputSchema>;

type GasEmission = SampleReportBody['projectEmissions'][number];

/** One month's sample report and what happens to it after submission. */
export interface SampleReportPlan {
  readonly period: string;
  /** The first submission (revision 1). */
  readonly body: SampleReportBody;
  /** A reviewer's decision on revision 1, when it gets one. */
  readonly verify?: 'verified' | 'rejected';
  /** A restatement submitted afterwards (revision 2, with If-Match), when there is one. */
  readonly restate?: SampleReportBody;
}

/** The most months a project reports. */
export const sampleReportMonthsPerProject = 36;

/** Months this close to `now` (the last three complete months) are not decided yet. */
const undecidedMonths = 3;

/** The reviewer's comment for a sample decision. */
export function sampleVerificationComment(decision: 'verified' | 'rejected'): string {
  return decision === 'verified'
    ? 'SAMPLE verification for local use: figures checked against the sample meter readings and settlement statements.'
    : 'SAMPLE verification for local use: generation does not match the grid operator’s settlement data; please restate with corrected figures.';
}

// ---------------------------------------------------------------- deterministic randomness

/** FNV-1a, 32 bits. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** mulberry32: a small PRNG, uniform in [0, 1). */
function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const round = (value: number, decimals: number): number => {
  const scale = 10 ** decimals;
  return Math.round(value * scale) / scale;
};

// ---------------------------------------------------------------- months

function addMonths(period: string, months: number): string {
  const index = Number(period.slice(0, 4)) * 12 + Number(period.slice(5, 7)) - 1 + months;
  return `${String(Math.floor(index / 12)).padStart(4, '0')}-${String((index % 12) + 1).padStart(2, '0')}`;
}

function daysIn(period: string): number {
  return new Date(Date.UTC(Number(period.slice(0, 4)), Number(period.slice(5, 7)), 0)).getUTCDate();
}

const dayOf = (period: string, day: number) => `${period}-${String(day).padStart(2, '0')}`;

type History = Project['statusHistory'];

/** The status in force on `date`: the last entry effective on or before it. */
function statusOn(history: History, date: string): string | undefined {
  let status: string | undefined;
  for (const entry of history) if (entry.effectiveDate <= date) status = entry.status;
  return status;
}

/** The share of the month's days the project was operating. */
function operatingShare(history: History, period: string): number {
  const days = daysIn(period);
  let operating = 0;
  for (let day = 1; day <= days; day += 1) {
    if (statusOn(history, dayOf(period, day)) === 'operating') operating += 1;
  }
  return operating / days;
}

interface PlannedMonth {
  readonly period: string;
  readonly phase: 'construction' | 'operating';
  /** Share of the month operating (0 for construction). */
  readonly share: number;
}

function plannedMonths(project: Project, now: string): PlannedMonth[] {
  const firstOperating = project.statusHistory.find((entry) => entry.status === 'operating');
  if (firstOperating === undefined) return [];
  const { earliest, latest } = reportablePeriods(project, now);
  const lastComplete = addMonths(latest, -1);
  const start = firstOperating.effectiveDate.slice(0, 7);
  const months: PlannedMonth[] = [];
  for (let back = 3; back >= 1; back -= 1) {
    const period = addMonths(start, -back);
    if (statusOn(project.statusHistory, dayOf(period, daysIn(period))) === 'construction') {
      months.push({ period, phase: 'construction', share: 0 });
    }
  }
  for (let period = start; period <= lastComplete; period = addMonths(period, 1)) {
    const share = operatingShare(project.statusHistory, period);
    if (share > 0) months.push({ period, phase: 'operating', share });
  }
  return months
    .filter(({ period }) => (earliest === undefined || period >= earliest) && period <= lastComplete)
    .slice(-(project.orgId === fleetOrgId ? fleetReportMonths : sampleReportMonthsPerProject));
}

// ---------------------------------------------------------------- emission factors

/** The US grid subregion (of the sample factors) a state's projects use. */
const subregionOfSubdivision: Readonly<Record<string, string>> = {
  'US-TX': 'US-ERCT',
  'US-CA': 'US-CAMX',
  'US-AZ': 'US-AZNM',
  'US-NM': 'US-AZNM',
};

const factorsByRegion = new Map<string, SampleEmissionFactor[]>();
for (const factor of sampleEmissionFactors) {
  const list = factorsByRegion.get(factor.body.region) ?? [];
  list.push(factor);
  factorsByRegion.set(factor.body.region, list);
}

/** The sample factor of `region` whose year is nearest to `year` (the earlier one on a tie). */
function nearestFactor(region: string, year: number): SampleEmissionFactor | undefined {
  let best: SampleEmissionFactor | undefined;
  for (const factor of factorsByRegion.get(region) ?? []) {
    const distance = Math.abs(factor.body.year - year);
    const bestDistance = best === undefined ? Number.POSITIVE_INFINITY : Math.abs(best.body.year - year);
    if (distance < bestDistance || (distance === bestDistance && best && factor.body.year < best.body.year)) {
      best = factor;
    }
  }
  return best;
}

/**
 * The sample factor a `grid_factor` baseline of `project` uses in `period`: its US grid subregion's
 * when there is one, else its host country's national average; undefined when no sample factor
 * covers the host country.
 */
export function sampleFactorFor(
  project: Pick<Project, 'hostCountry' | 'location'>,
  period: string,
): SampleEmissionFactor | undefined {
  const year = Number(period.slice(0, 4));
  const subregion = subregionOfSubdivision[project.location?.subdivision ?? ''];
  return (
    (subregion === undefined ? undefined : nearestFactor(subregion, year)) ??
    nearestFactor(project.hostCountry, year)
  );
}

/** The national sample factor value for explicit baselines of saved electricity; 0.5 when there is none. */
function nationalIntensity(project: Pick<Project, 'hostCountry'>, period: string): number {
  return nearestFactor(project.hostCountry, Number(period.slice(0, 4)))?.body.tco2PerMwh ?? 0.5;
}

// ---------------------------------------------------------------- technologies

interface MonthContext {
  readonly project: Project;
  readonly period: string;
  /** Hours the project operated in the month. */
  readonly hours: number;
  readonly month: number;
  readonly random: () => number;
}

/** What a month's measurements give, before the baseline method is chosen. */
interface Reading {
  readonly generationMwh?: number;
  readonly emissions: GasEmission[];
  /** An explicit baseline (tCO2e) instead of the grid factor; required without generation. */
  readonly explicitBaseline?: number;
  readonly leakage?: number;
  readonly methodology?: string;
  readonly dataQuality: number;
}

const isSouthern = (project: Project) => (project.location?.lat ?? 0) < 0 || project.hostCountry === 'AU';

function seasonal(month: number, peakMonth: number, amplitude: number): number {
  return 1 + amplitude * Math.cos((2 * Math.PI * (month - peakMonth)) / 12);
}

/** ±8 % month-to-month noise, and now and then (4 %) an outage that costs 20–60 % of the month. */
function variation(random: () => number): number {
  const noise = 1 + (random() - 0.5) * 0.16;
  return random() < 0.04 ? noise * (0.4 + random() * 0.4) : noise;
}

function capacityIn(project: Project, unit: string, fallback: number): number {
  return project.capacity?.unit === unit ? project.capacity.value : fallback;
}

const detail = (project: Project) => (project.technologyDetail ?? '').toLowerCase();

/** Mostly metered utility data (1–2). */
const meteredQuality = (random: () => number) => (random() < 0.55 ? 1 : 2);

function gridRenewableMethodology(megawatts: number): string {
  return megawatts <= 15 ? 'AMS-I.D' : 'ACM0002';
}

/** Switchgear SF6 top-ups in about one month in ten. */
function switchgearLeak(random: () => number): GasEmission[] {
  return random() < 0.1 ? [{ gas: 'SF6', tonnes: round(0.0003 + random() * 0.0015, 4) }] : [];
}

function generation(ctx: MonthContext, megawatts: number, capacityFactor: number, season: number): number {
  return round(megawatts * ctx.hours * capacityFactor * season * variation(ctx.random), 1);
}

function solarReading(ctx: MonthContext): Reading {
  const { project, month, random } = ctx;
  const mw = capacityIn(project, 'MW', 20);
  const base = { US: 0.25, JP: 0.145, VN: 0.16, AU: 0.23, ID: 0.15, PH: 0.16 }[project.hostCountry] ?? 0.17;
  const trackers = detail(project).includes('tracker') ? 1.12 : 1;
  const rooftop = detail(project).includes('rooftop');
  const [peak, amplitude] =
    project.hostCountry === 'VN' ? [4, 0.12] : isSouthern(project) ? [12, 0.25] : [6, 0.28];
  return {
    generationMwh: generation(ctx, mw, base * trackers, seasonal(month, peak, amplitude)),
    emissions: [],
    methodology: rooftop ? 'AMS-I.F' : gridRenewableMethodology(mw),
    dataQuality: rooftop ? 2 + (random() < 0.4 ? 1 : 0) : meteredQuality(random),
  };
}

function windReading(ctx: MonthContext): Reading {
  const { project, month, random } = ctx;
  const mw = capacityIn(project, 'MW', 50);
  const offshore = project.technology === 'wind_offshore';
  const capacityFactor = offshore
    ? detail(project).includes('floating')
      ? 0.3
      : 0.33
    : project.hostCountry === 'US'
      ? 0.38
      : 0.25;
  const peak = isSouthern(project) ? 7 : 1;
  return {
    generationMwh: generation(ctx, mw, capacityFactor, seasonal(month, peak, offshore ? 0.35 : 0.25)),
    emissions: switchgearLeak(random),
    methodology: gridRenewableMethodology(mw),
    dataQuality: meteredQuality(random),
  };
}

function hydroReading(ctx: MonthContext): Reading {
  const mw = capacityIn(ctx.project, 'MW', 10);
  return {
    generationMwh: generation(ctx, mw, 0.45, seasonal(ctx.month, isSouthern(ctx.project) ? 11 : 5, 0.3)),
    emissions: [],
    methodology: gridRenewableMethodology(mw),
    dataQuality: meteredQuality(ctx.random),
  };
}

function geothermalReading(ctx: MonthContext): Reading {
  const { project, random } = ctx;
  const mw = capacityIn(project, 'MW', 20);
  const binary = detail(project).includes('binary');
  const generationMwh = generation(ctx, mw, binary ? 0.8 : 0.85, seasonal(ctx.month, 1, 0.04));
  // Binary plants reinject the brine; flash plants vent non-condensable CO2 and some methane.
  const emissions: GasEmission[] = binary
    ? []
    : [
        { gas: 'CO2', tonnes: round(generationMwh * (0.06 + random() * 0.03), 3) },
        { gas: 'CH4_fossil', tonnes: round(generationMwh * 0.0002, 4) },
      ];
  return { generationMwh, emissions, methodology: 'ACM0002', dataQuality: meteredQuality(random) };
}

function bioenergyReading(ctx: MonthContext): Reading {
  const { random } = ctx;
  const generationMwh = generation(ctx, capacityIn(ctx.project, 'MW', 20), 0.7, seasonal(ctx.month, 1, 0.05));
  return {
    generationMwh,
    // Biogenic CO2 is not counted; harvesting and haulage diesel is.
    emissions: [
      { gas: 'CO2', tonnes: round(generationMwh * 0.012, 3) },
      { gas: 'CH4_non_fossil', tonnes: round(generationMwh * 0.0003, 4) },
      { gas: 'N2O', tonnes: round(generationMwh * 0.00004, 4) },
    ],
    leakage: round(generationMwh * 0.004, 3),
    methodology: 'ACM0018',
    dataQuality: 1 + (random() < 0.5 ? 1 : 0) + (random() < 0.1 ? 1 : 0),
  };
}

function nuclearReading(ctx: MonthContext): Reading {
  return {
    generationMwh: generation(ctx, capacityIn(ctx.project, 'MW', 50), 0.9, 1),
    emissions: [],
    dataQuality: 1,
  };
}

/** The ammonia share of a co-fired coal unit's output, against the coal it displaces. */
function ammoniaReading(ctx: MonthContext): Reading {
  const { project, random } = ctx;
  const share = Number(/(\d{1,3})\s*%/.exec(detail(project))?.[1] ?? 20) / 100;
  const generationMwh = generation(
    ctx,
    capacityIn(project, 'MW', 100),
    0.55 * share,
    seasonal(ctx.month, 1, 0.1),
  );
  return {
    generationMwh,
    emissions: [
      // Upstream emissions of the (partly low-carbon) ammonia burnt, and N2O from its combustion.
      { gas: 'CO2', tonnes: round(generationMwh * (0.24 + random() * 0.04), 3) },
      { gas: 'N2O', tonnes: round(generationMwh * 0.00003, 4) },
    ],
    explicitBaseline: round(generationMwh * 0.85, 3),
    dataQuality: 2,
  };
}

/** Discharged energy displacing gas peakers, charged mostly from surplus solar. */
function storageReading(ctx: MonthContext): Reading {
  const { project, random } = ctx;
  const mwh = capacityIn(project, 'MWh', 100);
  const discharged = (mwh * 0.9 * ctx.hours) / 24;
  const monthly = discharged * seasonal(ctx.month, isSouthern(project) ? 1 : 7, 0.15) * variation(random);
  return {
    // Round-trip losses bought from the grid.
    emissions: [{ gas: 'CO2', tonnes: round(monthly * 0.06, 3) }],
    explicitBaseline: round(monthly * 0.42, 3),
    dataQuality: 2,
  };
}

/** CO2 captured and stored, which the gas plant would otherwise have vented. */
function ccusReading(ctx: MonthContext): Reading {
  const { project, random } = ctx;
  const perYear = capacityIn(project, 't_co2_per_year', 100_000);
  const captured = Math.round((perYear / 8760) * ctx.hours * 0.82 * variation(random));
  return {
    emissions: [
      { gas: 'CO2', tonnes: round(captured * (0.11 + random() * 0.02), 3) },
      { gas: 'CH4_fossil', tonnes: round(captured * 0.00002, 4) },
    ],
    explicitBaseline: captured,
    leakage: round(captured * 0.001, 3),
    methodology: 'ISO 27916',
    dataQuality: meteredQuality(random),
  };
}

/** Electrolytic hydrogen replacing grey (steam-reformed) hydrogen. */
function hydrogenReading(ctx: MonthContext): Reading {
  const { project, random } = ctx;
  const perYear = capacityIn(project, 't_h2_per_year', 1000);
  const hydrogen = (perYear / 8760) * ctx.hours * 0.65 * variation(random);
  return {
    emissions: [{ gas: 'CO2', tonnes: round(hydrogen * 1.2, 3) }],
    explicitBaseline: round(hydrogen * 10.5, 3),
    dataQuality: 3,
  };
}

/** A microgrid: diesel generation avoided. */
function gridReading(ctx: MonthContext): Reading {
  const avoided = capacityIn(ctx.project, 'MW', 10) * ctx.hours * 0.12 * 0.7 * variation(ctx.random);
  return {
    emissions: [{ gas: 'CO2', tonnes: round(avoided * 0.15, 3) }],
    explicitBaseline: round(avoided, 3),
    dataQuality: 3,
  };
}

/** Electricity saved, valued at the national grid average; refrigerant top-ups now and then. */
function efficiencyReading(ctx: MonthContext): Reading {
  const { project, period, random } = ctx;
  const savedMwh =
    (1500 * ctx.hours * seasonal(ctx.month, isSouthern(project) ? 2 : 8, 0.25) * variation(random)) / 730;
  const emissions: GasEmission[] =
    random() < 0.15 ? [{ gas: 'HFC_32', tonnes: round(0.001 + random() * 0.004, 4) }] : [];
  return {
    emissions,
    explicitBaseline: round(savedMwh * nationalIntensity(project, period), 3),
    methodology: 'AMS-II.C',
    dataQuality: 3 + (random() < 0.2 ? 1 : 0),
  };
}

function otherReading(ctx: MonthContext): Reading {
  const scale = (ctx.hours / 730) * variation(ctx.random);
  return {
    emissions: [{ gas: 'CO2', tonnes: round(20 * scale, 3) }],
    explicitBaseline: round(100 * scale, 3),
    dataQuality: 4,
  };
}

const readings: Readonly<Record<Project['technology'], (ctx: MonthContext) => Reading>> = {
  solar_pv: solarReading,
  wind_onshore: windReading,
  wind_offshore: windReading,
  hydro: hydroReading,
  geothermal: geothermalReading,
  bioenergy: bioenergyReading,
  nuclear: nuclearReading,
  ammonia: ammoniaReading,
  hydrogen: hydrogenReading,
  ccus: ccusReading,
  storage: storageReading,
  grid: gridReading,
  efficiency: efficiencyReading,
  other: otherReading,
};

/** Site works before operation: diesel for plant and vessels, nothing avoided yet. */
function constructionReading(ctx: MonthContext): Reading {
  const { project, random } = ctx;
  const size = project.capacity?.unit === 'MW' ? project.capacity.value : 40;
  const vessels = project.technology === 'wind_offshore' ? 3 : 1;
  const diesel = Math.min(600, Math.max(15, size * 0.6)) * vessels * (0.7 + random() * 0.6);
  return { emissions: [{ gas: 'CO2', tonnes: round(diesel, 3) }], explicitBaseline: 0, dataQuality: 4 };
}

// ---------------------------------------------------------------- bodies

const slugOf = (project: Project) =>
  project.name
    .toLowerCase()
    .replace(/\[sample\]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 60);

function evidenceUrl(project: Project, period: string, document: string): string {
  return `https://example.org/sample-evidence/${slugOf(project)}/${period}/${document}`;
}

/** Projects reporting before 2023 gave their own baseline until then. */
const explicitBaselineUntil = '2022-12';
/** Reports before 2023 use the AR5 set (UNFCCC reporting's), later ones AR6. */
const ar5Until = '2022-12';

function bodyOf(project: Project, period: string, reading: Reading): SampleReportBody {
  const { generationMwh } = reading;
  const factor = generationMwh === undefined ? undefined : sampleFactorFor(project, period);
  let baseline: SampleReportBody['baseline'];
  if (reading.explicitBaseline !== undefined)
    baseline = { method: 'explicit', tco2e: reading.explicitBaseline };
  else if (generationMwh === undefined) baseline = { method: 'explicit', tco2e: 0 };
  else if (factor === undefined || period <= explicitBaselineUntil) {
    // A combined-margin style figure of the submitter's own, a little above the grid average.
    const intensity = (factor?.body.tco2PerMwh ?? 0.5) * 1.12;
    baseline = { method: 'explicit', tco2e: round(generationMwh * intensity, 3) };
  } else baseline = { method: 'grid_factor', factorId: factor.id };
  return {
    ...(generationMwh === undefined ? {} : { generationMwh }),
    projectEmissions: reading.emissions,
    baseline,
    ...(reading.leakage !== undefined && reading.leakage > 0 ? { leakageTco2e: reading.leakage } : {}),
    gwpSet: period <= ar5Until ? 'AR5' : 'AR6',
    ...(reading.methodology === undefined ? {} : { methodology: reading.methodology }),
    dataQuality: reading.dataQuality,
    ...(reading.dataQuality === 1
      ? { evidenceUrls: [evidenceUrl(project, period, 'meter-readings.pdf')] }
      : {}),
  };
}

/** The corrected figures of a restatement: every quantity scaled by 1 ± 1–5 %, better data quality, evidence. */
function restatementOf(
  project: Project,
  period: string,
  body: SampleReportBody,
  random: () => number,
): SampleReportBody {
  const sign = random() < 0.5 ? -1 : 1;
  const correction = 1 + sign * (0.01 + random() * 0.04);
  const { generationMwh, leakageTco2e, baseline, evidenceUrls, ...rest } = body;
  return {
    ...rest,
    ...(generationMwh === undefined ? {} : { generationMwh: round(generationMwh * correction, 1) }),
    projectEmissions: body.projectEmissions.map(({ gas, tonnes }) => ({
      gas,
      tonnes: round(tonnes * correction, 4),
    })),
    baseline:
      baseline.method === 'explicit'
        ? { method: 'explicit', tco2e: round(baseline.tco2e * correction, 3) }
        : baseline,
    ...(leakageTco2e === undefined ? {} : { leakageTco2e: round(leakageTco2e * correction, 3) }),
    dataQuality: Math.max(1, body.dataQuality - 1),
    evidenceUrls: [...(evidenceUrls ?? []), evidenceUrl(project, period, 'corrected-statement.pdf')],
  };
}

/**
 * The sample reports of `project` as of `now` (ISO 8601 UTC), oldest month first; empty for a
 * project that never reached `operating`. Deterministic in the project's name, technology, capacity,
 * host country, location and status history, and `now`.
 */
export function sampleReportsFor(project: Project, now: string): SampleReportPlan[] {
  const lastComplete = addMonths(reportablePeriods(project, now).latest, -1);
  const decidedUntil = addMonths(lastComplete, -undecidedMonths);
  return plannedMonths(project, now).map(({ period, phase, share }) => {
    const random = prng(hash(`${project.name}|${period}`));
    const ctx: MonthContext = {
      project,
      period,
      hours: daysIn(period) * 24 * share,
      month: Number(period.slice(5, 7)),
      random,
    };
    const reading = phase === 'construction' ? constructionReading(ctx) : readings[project.technology](ctx);
    const body = bodyOf(project, period, reading);

    const decisionDraw = random();
    const verify =
      period > decidedUntil
        ? undefined
        : decisionDraw < 0.6
          ? ('verified' as const)
          : decisionDraw < 0.66
            ? ('rejected' as const)
            : undefined;
    const restateDraw = random();
    const restated = verify === 'rejected' ? restateDraw < 0.6 : restateDraw < 0.035;
    return {
      period,
      body,
      ...(verify === undefined ? {} : { verify }),
      ...(restated ? { restate: restatementOf(project, period, body, random) } : {}),
    };
  });
}
