/**
 * Generated benchmark data for the indicator job: accepted projects, each with 100 monthly reports
 * (the latest revision of each month), deterministic from the project's index so that every run and
 * every size sees the same data. The numbers are plausible, not real: the benchmark is about volume.
 *
 * Stored items are written exactly as the adapters write them: projects with `projectItem()` of
 * `shared/adapters/dynamodb/projects-table.ts`, reports as the `LATEST#` items of
 * `shared/adapters/dynamodb/metrics-table.ts` (see {@link latestReportItem}).
 */
import { indicatorProjectOf } from '../../shared/domain/indicator-runs/job.ts';
import type { IndicatorProject, IndicatorReport } from '../../shared/domain/indicators/inputs.ts';
import type { MetricReport } from '../../shared/domain/metrics/schema.ts';
import { type Project, programs, technologies } from '../../shared/domain/projects/schema.ts';

/** Reports per project: 100 months, so 100 projects give 10k reports. */
export const monthsPerProject = 100;

const hostCountries = ['US', 'JP', 'AU', 'IN', 'VN', 'ID', 'PH', 'TH', 'MX', 'CA'] as const;
const generating = new Set(['solar_pv', 'wind_onshore', 'wind_offshore', 'hydro', 'geothermal', 'bioenergy']);

/** A month index (`year × 12 + month − 1`) as `YYYY-MM`. */
function period(month: number): string {
  return `${Math.floor(month / 12)}-${String((month % 12) + 1).padStart(2, '0')}`;
}

function monthIndex(yyyymm: string): number {
  return Number(yyyymm.slice(0, 4)) * 12 + Number(yyyymm.slice(5, 7)) - 1;
}

/** A small deterministic PRNG (mulberry32) so that the same index always gives the same figures. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const round3 = (value: number) => Math.round(value * 1000) / 1000;

/** The id of the n-th benchmark project: 26 characters like a ULID, sorting by index. */
export function benchProjectId(index: number): string {
  return `01BENCH${String(index).padStart(19, '0')}`;
}

/**
 * The n-th accepted benchmark project. Its 100 reported months end `index % 4` months before
 * `lastMonth`; it was under construction for six months before its first, and operating since.
 */
export function benchProject(index: number, lastMonth: string): Project {
  const id = benchProjectId(index);
  const next = random(index * 7919 + 1);
  const host = hostCountries[index % hostCountries.length] ?? 'US';
  const partner = host === 'JP' ? 'US' : 'JP';
  const technology = technologies[index % technologies.length] ?? 'solar_pv';
  const firstMonth = monthIndex(lastMonth) - (index % 4) - (monthsPerProject - 1);
  const operatingSince = `${period(firstMonth)}-01`;
  const constructionSince = `${period(firstMonth - 6)}-15`;
  const orgId = `bench-org-${index % 50}`;
  const at = '2026-01-15T09:30:00.000Z';
  const usd = Math.round(next() * 5e8) / 100;
  return {
    id,
    name: `Benchmark project ${index}`,
    summary: 'Generated benchmark data, not a real project record.',
    technology,
    programs: index % 3 === 0 ? ['jucip', programs[1 + (index % 4)] ?? 'other'] : ['jucip'],
    hostCountry: host,
    location: { accuracy: 'approximate' },
    participants: [
      { name: `Developer ${index} (bench)`, country: partner, role: 'developer', sharePct: 60 },
      { name: `Owner ${index} (bench)`, country: host, role: 'owner', sharePct: 40 },
    ],
    capacity: { value: round3(5 + next() * 500), unit: technology === 'storage' ? 'MWh' : 'MW' },
    investments: [
      {
        investorCountry: partner,
        amount: usd,
        currency: 'USD',
        committedOn: constructionSince,
        instrument: 'equity',
        usdAmount: usd,
        id: `${id.slice(0, 25)}1`,
        disbursements: [{ date: operatingSince, amount: usd / 2, usdAmount: Math.round(usd * 50) / 100 }],
      },
      {
        investorCountry: host,
        amount: usd / 2,
        currency: 'USD',
        committedOn: operatingSince,
        instrument: 'debt',
        usdAmount: Math.round(usd * 50) / 100,
        id: `${id.slice(0, 25)}2`,
        disbursements: [],
      },
    ],
    status: 'operating',
    statusHistory: [
      {
        status: 'construction',
        effectiveDate: constructionSince,
        recordedAt: at,
        recordedBy: 'bench-submitter',
      },
      { status: 'operating', effectiveDate: operatingSince, recordedAt: at, recordedBy: 'bench-submitter' },
    ],
    reviewState: 'accepted',
    orgId,
    createdAt: at,
    updatedAt: at,
    createdBy: 'bench-submitter',
    version: 3,
  };
}

/** The first operating month of a benchmark project: its first reported month. */
function firstReportedMonth(project: Pick<Project, 'statusHistory'>): number {
  return monthIndex(project.statusHistory[1]?.effectiveDate ?? '2020-01');
}

/**
 * What the computation reads of the project's 100 monthly reports, oldest first: the figures of
 * {@link benchReports} without the rest of the stored report (cheap to generate a million of).
 */
export function benchIndicatorReports(
  project: Pick<Project, 'id' | 'technology' | 'capacity' | 'statusHistory'>,
): IndicatorReport[] {
  const first = firstReportedMonth(project);
  const next = random(first * 31 + Number(project.id.slice(-9)));
  const capacity = project.capacity?.value ?? 10;
  const generates = generating.has(project.technology);
  const reports: IndicatorReport[] = [];
  for (let m = 0; m < monthsPerProject; m++) {
    const generationMwh = generates ? round3(capacity * 730 * (0.15 + next() * 0.3)) : undefined;
    const baselineTco2e = generates ? round3((generationMwh ?? 0) * 0.42) : round3(capacity * next() * 20);
    const projectTco2e = round3(next() * 3);
    const verified = next() < 0.6;
    reports.push({
      period: period(first + m),
      ...(generationMwh === undefined ? {} : { generationMwh }),
      projectTco2e,
      baselineTco2e,
      reductionsTco2e: round3(baselineTco2e - projectTco2e),
      verified,
    });
  }
  return reports;
}

/** The latest revision of each of the project's 100 reported months, oldest first, as stored. */
export function benchReports(project: Project): MetricReport[] {
  const factorId = `grid-${project.hostCountry.toLowerCase()}-2025`;
  return benchIndicatorReports(project).map((figures): MetricReport => {
    const month = monthIndex(figures.period);
    const grid = figures.generationMwh !== undefined;
    return {
      projectId: project.id,
      period: figures.period,
      revision: 1,
      version: figures.verified ? 2 : 1,
      ...(grid ? { generationMwh: figures.generationMwh } : {}),
      projectEmissions: [{ gas: 'SF6', tonnes: round3(figures.projectTco2e / 24_300) }],
      baseline: grid
        ? { method: 'grid_factor', factorId }
        : { method: 'explicit', tco2e: figures.baselineTco2e },
      ...(grid ? { factor: { id: factorId, version: 1, tco2PerMwh: 0.42 } } : {}),
      methodology: 'ACM0002',
      dataQuality: 2,
      leakageTco2e: 0,
      gwpSet: 'AR6',
      projectTco2e: figures.projectTco2e,
      baselineTco2e: figures.baselineTco2e,
      reductionsTco2e: figures.reductionsTco2e,
      calcVersion: 'mrv-2026.1',
      verification: figures.verified
        ? {
            state: 'verified',
            by: 'bench-reviewer',
            at: `${period(month + 2)}-10T08:00:00.000Z`,
            comment: 'Benchmark verification: figures checked.',
          }
        : { state: 'self_reported' },
      submittedAt: `${period(month + 1)}-05T08:00:00.000Z`,
      submittedBy: 'bench-submitter',
      orgId: project.orgId,
    };
  });
}

/**
 * The `LATEST#` item of a report, in the shape `latestItem()` of
 * `shared/adapters/dynamodb/metrics-table.ts` writes (not exported there): keys
 * `PROJECT#<id>` / `LATEST#<yyyy-mm>`, entity `report_latest`, then the report's fields. Revision items (`REV#…`) are not written: the job never reads them.
 */
export function latestReportItem(report: MetricReport): Record<string, unknown> {
  return {
    pk: `PROJECT#${report.projectId}`,
    sk: `LATEST#${report.period}`,
    entity: 'report_latest',
    ...report,
  };
}

/**
 * What the computation is given for the n-th project: the job's projection of {@link benchProject}
 * and the figures of {@link benchReports}, equal to `benchReports(project).map(indicatorReportOf)`.
 */
export function indicatorInput(
  index: number,
  lastMonth: string,
): { project: IndicatorProject; reports: IndicatorReport[] } {
  const project = benchProject(index, lastMonth);
  return { project: indicatorProjectOf(project), reports: benchIndicatorReports(project) };
}

/**
 * The size DynamoDB bills for an item, to within a few bytes: attribute names and string values in
 * UTF-8, numbers about one byte per two significant digits plus one, 3 bytes per map or list plus
 * one per element, 1 byte per boolean or null.
 */
export function dynamoItemBytes(item: Record<string, unknown>): number {
  const valueBytes = (value: unknown): number => {
    if (typeof value === 'string') return Buffer.byteLength(value);
    if (typeof value === 'number') {
      const digits = String(Math.abs(value))
        .replace(/[.-]|e.*$/g, '')
        .replace(/^0+/, '').length;
      return Math.ceil(Math.max(digits, 1) / 2) + 1;
    }
    if (typeof value === 'boolean' || value === null) return 1;
    if (Array.isArray(value)) return 3 + value.reduce<number>((sum, v) => sum + 1 + valueBytes(v), 0);
    if (typeof value === 'object') {
      return (
        3 +
        Object.entries(value as Record<string, unknown>).reduce(
          (sum, [k, v]) => sum + 1 + Buffer.byteLength(k) + valueBytes(v),
          0,
        )
      );
    }
    return 0;
  };
  return Object.entries(item).reduce(
    (sum, [name, value]) => sum + (value === undefined ? 0 : Buffer.byteLength(name) + valueBytes(value)),
    0,
  );
}
