/**
 * A generated SAMPLE fleet: smaller, comparable projects (several per host country and
 * technology), so that the published aggregates have enough contributors to pass disclosure control
 * (`docs/disclosure-control.md`: at least 3 projects per cell, none above 85% of it). Without it, most
 * yearly cells of the hand-written portfolio in `projects.ts` came from a single project and the
 * public dashboard would show little but "suppressed".
 *
 * Like the rest of the sample data none of it is real: names start with "[Sample] ", summaries say
 * they are illustrative, organisations are "(sample)", external references are fake `SAMPLE-F…` ids.
 * Figures come from a fixed formula of the project's index (no randomness), so the fleet is the same
 * on every start. Operating dates are staggered from 2020 to mid-2026 so that every year has several
 * projects in force; every eighth project is left `submitted` (not yet reviewed).
 */
import type { z } from 'zod';
import type {
  LifecycleStatus,
  projectCreateSchema,
  ReviewDecision,
} from '../../../shared/domain/projects/schema.ts';

/** One fleet project, in the loader's shape (`SampleProject` in `projects.ts`). */
export interface FleetProject {
  readonly orgId: string;
  readonly body: z.input<typeof projectCreateSchema>;
  readonly statusChanges: ReadonlyArray<{ status: LifecycleStatus; effectiveDate: string; note?: string }>;
  readonly review?: { decision: Exclude<ReviewDecision, 'withdrawn'>; comment: string };
}

/** The organisation that submits the whole fleet. */
export const fleetOrgId = 'sample-fleet-partners';

/** Months of reports a fleet project has (its latest), fewer than the hand-written projects' 36. */
export const fleetReportMonths = 6;

const sites = {
  US: [
    { subdivision: 'US-TX', lat: 31.5, lon: -99.3, place: 'Texas' },
    { subdivision: 'US-CA', lat: 35.4, lon: -119.0, place: 'California' },
    { subdivision: 'US-AZ', lat: 33.3, lon: -112.4, place: 'Arizona' },
    { subdivision: 'US-NM', lat: 34.5, lon: -106.0, place: 'New Mexico' },
  ],
  JP: [
    { subdivision: 'JP-07', lat: 37.4, lon: 140.4, place: 'Fukushima' },
    { subdivision: 'JP-08', lat: 36.3, lon: 140.4, place: 'Ibaraki' },
    { subdivision: 'JP-02', lat: 40.8, lon: 140.7, place: 'Aomori' },
    { subdivision: 'JP-46', lat: 31.6, lon: 130.6, place: 'Kagoshima' },
  ],
} as const;

const kinds = [
  { technology: 'solar_pv', label: 'Solar', minMw: 40, stepMw: 17 },
  { technology: 'wind_onshore', label: 'Onshore Wind', minMw: 50, stepMw: 21 },
  { technology: 'storage', label: 'Battery Storage', minMw: 30, stepMw: 11 },
] as const;

/** Projects per (host country, technology). */
const perKind = 4;

const pad = (n: number) => String(n).padStart(2, '0');

/** A date `months` after 2018-01 on the given day. */
function monthDate(months: number, day: number): string {
  return `${2018 + Math.floor(months / 12)}-${pad((months % 12) + 1)}-${pad(day)}`;
}

function fleetProject(host: 'US' | 'JP', kindIndex: number, n: number, index: number): FleetProject {
  const kind = kinds[kindIndex] as (typeof kinds)[number];
  const site = sites[host][n % sites[host].length] as (typeof sites)[typeof host][number];
  const capacity = kind.minMw + ((index * 7 + n * 3) % 5) * kind.stepMw;
  // Operating from 2020-03 to 2026-06 (so FID is in 2019 at the earliest), staggered over the months.
  const operatingMonth = 26 + ((n * 23 + kindIndex * 8 + (host === 'JP' ? 11 : 0)) % 76);
  const constructionMonth = operatingMonth - 10 - (index % 4);
  const foreign = host === 'US' ? 'JP' : 'US';
  const usd = capacity * (kind.technology === 'storage' ? 1_400_000 : 1_800_000) + index * 250_000;
  const name = `[Sample] ${site.place} ${kind.label} Fleet ${n + 1}`;
  // Equity is paid in three tranches from construction to operation; half the debt at operation.
  const tranches = [Math.round(usd * 0.4), Math.round(usd * 0.35)];
  const debt = Math.round(usd * 1.5);
  const expected = expectedOf(host, kind.technology, capacity, index);
  return {
    orgId: fleetOrgId,
    body: {
      name,
      summary: `Illustrative sample data, not a real project record. One of a generated fleet of comparable ${kind.label.toLowerCase()} projects in ${site.place}, with a ${foreign === 'JP' ? 'Japanese' : 'US'} co-investor.`,
      technology: kind.technology,
      programs: index % 3 === 0 ? ['jucip', 'j_bridge'] : ['jucip'],
      hostCountry: host,
      location: { subdivision: site.subdivision, lat: site.lat, lon: site.lon, accuracy: 'approximate' },
      participants: [
        {
          name: `${site.place} Fleet Developer ${n + 1} (sample)`,
          country: host,
          role: 'developer',
          sharePct: 60,
        },
        {
          name: `Fleet Co-Investor ${foreign} ${kindIndex + 1} (sample)`,
          country: foreign,
          role: 'investor',
          sharePct: 40,
        },
      ],
      capacity: { value: capacity, unit: 'MW' },
      // Equity from the co-investor at FID, debt from a lender of the host country when it starts operating.
      investments: [
        {
          investorCountry: foreign,
          amount: usd,
          currency: 'USD',
          committedOn: monthDate(constructionMonth, 12),
          instrument: 'equity',
          disbursements: [
            { date: monthDate(constructionMonth + 1, 20), amount: tranches[0] as number },
            { date: monthDate(constructionMonth + 5, 20), amount: tranches[1] as number },
            {
              date: monthDate(operatingMonth, 15),
              amount: usd - (tranches[0] as number) - (tranches[1] as number),
            },
          ],
        },
        {
          investorCountry: host,
          amount: debt,
          currency: 'USD',
          committedOn: monthDate(operatingMonth, 5),
          instrument: 'debt',
          disbursements: [{ date: monthDate(operatingMonth, 20), amount: Math.round(debt / 2) }],
        },
      ],
      expected,
      externalRefs: [{ system: 'other', id: `SAMPLE-F${String(index + 1).padStart(3, '0')}` }],
      status: 'fid',
      statusEffectiveDate: monthDate(constructionMonth, 12),
    },
    statusChanges: [
      { status: 'construction', effectiveDate: monthDate(constructionMonth + 1, 3) },
      { status: 'operating', effectiveDate: monthDate(operatingMonth, 1) },
    ],
    ...(index % 8 === 7
      ? {}
      : { review: { decision: 'accepted', comment: 'Checked against the submitted evidence; accepted.' } }),
  };
}

/** Capacity factors the fleet's financing cases assumed (a little above what the sample reports give). */
const promisedCapacityFactor = {
  US: { solar_pv: 0.27, wind_onshore: 0.4 },
  JP: { solar_pv: 0.16, wind_onshore: 0.27 },
} as const;
/** Grid intensity (tCO2/MWh) the financing cases assumed the generation displaces. */
const promisedGridIntensity = { US: 0.4, JP: 0.46 } as const;

/**
 * The targets a fleet project states: a year's generation at the promised capacity factor and the
 * reductions it would give; storage (no generation of its own) states only the reductions of a
 * daily cycle's shifted energy. Every fourth project states none, so that not every project is
 * compared with a target.
 */
function expectedOf(
  host: 'US' | 'JP',
  technology: (typeof kinds)[number]['technology'],
  capacityMw: number,
  index: number,
): FleetProject['body']['expected'] {
  if (index % 4 === 3) return undefined;
  const source = 'Financing case of the sample fleet (illustrative)';
  if (technology === 'storage') {
    return { annualReductionsTco2e: Math.round(capacityMw * 4 * 0.9 * 365 * 0.36), source };
  }
  const generation = Math.round(capacityMw * 8760 * promisedCapacityFactor[host][technology]);
  return {
    annualGenerationMwh: generation,
    annualReductionsTco2e: Math.round(generation * promisedGridIntensity[host]),
    source,
  };
}

/** The generated fleet: 4 projects for each of 2 host countries × 3 technologies. */
export const sampleFleet: FleetProject[] = (['US', 'JP'] as const).flatMap((host, h) =>
  kinds.flatMap((_, k) =>
    Array.from({ length: perKind }, (_, n) => fleetProject(host, k, n, (h * kinds.length + k) * perKind + n)),
  ),
);
