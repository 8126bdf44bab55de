/**
 * The examples the OpenAPI document shows: one realistic JUCIP case followed through the API, a
 * US–Japan offshore wind farm off Hokkaido and its monthly reports. Illustrative, not a real
 * project record. Each is typed with its schema's input or output, and a unit test parses each with
 * its zod schema, so that an example cannot drift from what the API accepts or returns.
 */
import type * as z from 'zod';
import type { metricsImportRowSchema } from '../../domain/metrics/import.ts';
import type {
  MetricReport,
  metricReportInputSchema,
  VerificationInput,
} from '../../domain/metrics/schema.ts';
import { importRecordOf } from '../../domain/projects/export.ts';
import { importColumns } from '../../domain/projects/import.ts';
import type {
  AuditEntry,
  Project,
  projectCreateSchema,
  projectPatchSchema,
  ReviewInput,
  StatusChange,
} from '../../domain/projects/schema.ts';
import type { EmissionFactor, EmissionFactorInput } from '../../domain/reference/emission-factors.ts';
import type { FxRateInput, FxRateRecord } from '../../domain/reference/fx-rate-input.ts';
import { toCsv } from '../csv.ts';

const projectId = '01JQ8Z3K9V7M2T4X6B8N0C1D2E';
const submitter = '3f6c2a1e-8d4b-4c7a-9e2f-5b1d0a7c9e34';
const reviewer = '9a1b7c3d-2e4f-4a6b-8c0d-1e2f3a4b5c6d';
const admin = 'c4d5e6f7-0a1b-4c2d-9e3f-4a5b6c7d8e9f';

/** `POST /projects`. */
export const projectCreateExample: z.input<typeof projectCreateSchema> = {
  name: 'Hokkaido West Coast Offshore Wind Phase 1',
  summary:
    'A fixed-bottom offshore wind farm off the Sea of Japan coast of Hokkaido, co-developed by a Japanese and a US developer.',
  technology: 'wind_offshore',
  technologyDetail: 'fixed-bottom monopiles, 15 MW-class turbines',
  programs: ['jucip'],
  hostCountry: 'JP',
  location: { subdivision: 'JP-01', lat: 43.3, lon: 141.2, accuracy: 'approximate' },
  participants: [
    { name: 'Kanto Offshore Wind Partners KK', country: 'JP', role: 'developer', sharePct: 51 },
    { name: 'Atlantic Breeze Renewables LLC', country: 'US', role: 'developer', sharePct: 49 },
  ],
  capacity: { value: 500, unit: 'MW' },
  investments: [
    {
      investorCountry: 'JP',
      amount: 12_000_000_000,
      currency: 'JPY',
      committedOn: '2025-09-15',
      instrument: 'equity',
      disbursements: [{ date: '2025-12-01', amount: 3_000_000_000 }],
    },
    {
      investorCountry: 'US',
      amount: 85_000_000,
      currency: 'USD',
      committedOn: '2025-09-15',
      instrument: 'equity',
    },
  ],
  externalRefs: [{ system: 'gem', id: 'G100000912345' }],
  expected: {
    annualGenerationMwh: 1_750_000,
    annualReductionsTco2e: 800_000,
    source: 'Environmental impact assessment, 2024, table 5-2',
  },
  status: 'fid',
  statusEffectiveDate: '2025-09-15',
};

/** The ids the server gave the example's investments. */
const investmentIds = ['01JQ8Z3K9V7M2T4X6B8N0C1D3F', '01JQ8Z3K9V7M2T4X6B8N0C1D3G'] as const;

/**
 * `PATCH /projects/{id}`: a larger farm, the technology detail removed, and a second disbursement
 * of the JPY commitment (investments are sent whole, with the ids that keep them).
 */
export const projectPatchExample: z.input<typeof projectPatchSchema> = {
  capacity: { value: 520 },
  technologyDetail: null,
  investments: [
    {
      id: investmentIds[0],
      investorCountry: 'JP',
      amount: 12_000_000_000,
      currency: 'JPY',
      committedOn: '2025-09-15',
      instrument: 'equity',
      disbursements: [
        { date: '2025-12-01', amount: 3_000_000_000 },
        { date: '2026-03-02', amount: 2_500_000_000 },
      ],
    },
    {
      id: investmentIds[1],
      investorCountry: 'US',
      amount: 85_000_000,
      currency: 'USD',
      committedOn: '2025-09-15',
      instrument: 'equity',
    },
  ],
};

/** `POST /projects/{id}/status`. */
export const statusChangeExample: StatusChange = {
  status: 'construction',
  effectiveDate: '2026-04-01',
  note: 'Monopile installation started.',
};

/** `POST /projects/{id}/review`. */
export const reviewExample: ReviewInput = {
  decision: 'accepted',
  comment: 'Checked against the FID announcement and the investment agreements; accepted.',
};

/** `POST /projects/import` as JSON: an array of `POST /projects` bodies. */
export const importJsonExample: z.input<typeof projectCreateSchema>[] = [projectCreateExample];

/** `POST /projects/import` as CSV (a few of the template's columns). */
export const importCsvExample = [
  'name,summary,technology,programs,hostCountry,locationAccuracy,participant1Name,participant1Country,participant1Role,participant2Name,participant2Country,participant2Role,externalRef1System,externalRef1Id',
  'Gulf Coast Clean Hydrogen Hub,Electrolytic hydrogen for a Texas ammonia plant with a Japanese offtaker.,hydrogen,jucip,US,approximate,Gulf Coast H2 LLC,US,developer,Nihon Hydrogen Trading KK,JP,offtaker,other,GCH2-0001',
  '',
].join('\r\n');

/** The fields of `projectCreateExample` the answer repeats as they are. */
const {
  investments: committedInvestments = [],
  statusEffectiveDate: _statusEffectiveDate,
  ...createdFields
} = projectCreateExample;

/** The 2025 annual average JPY rate of the examples (`usdAmount` = `amount` × rate). */
const usdPerJpy2025 = 0.0066;

/** The project `POST /projects` answers for `projectCreateExample` (JPY converted at the 2025 rate). */
export const projectExample: Project = {
  id: projectId,
  ...createdFields,
  investments: committedInvestments.map(({ disbursements = [], ...investment }, index) => {
    const usd = (amount: number) => (investment.currency === 'JPY' ? amount * usdPerJpy2025 : amount);
    return {
      ...investment,
      id: investmentIds[index] ?? investmentIds[0],
      usdAmount: usd(investment.amount),
      disbursements: disbursements.map((d) => ({ ...d, usdAmount: usd(d.amount) })),
    };
  }),
  status: 'fid',
  statusHistory: [
    {
      status: 'fid',
      effectiveDate: '2025-09-15',
      recordedAt: '2026-01-12T09:30:00.000Z',
      recordedBy: submitter,
    },
  ],
  reviewState: 'submitted',
  orgId: 'kanto-offshore',
  createdAt: '2026-01-12T09:30:00.000Z',
  updatedAt: '2026-01-12T09:30:00.000Z',
  createdBy: submitter,
  version: 1,
  revisionAuthors: [submitter],
};

/** `GET /projects/{id}/history`: the entry the review made. */
export const auditEntryExample: AuditEntry = {
  projectId,
  at: '2026-01-20T02:15:00.000Z',
  by: reviewer,
  action: 'reviewed',
  version: 2,
  changes: [
    { path: 'reviewState', from: 'submitted', to: 'accepted' },
    { path: 'acceptedVersion', to: 2 },
  ],
  comment: 'Checked against the FID announcement and the investment agreements; accepted.',
};

/** `PUT /projects/{id}/metrics/{period}`: a month of an operating wind farm against the Japanese grid factor. */
export const metricReportInputExample: z.input<typeof metricReportInputSchema> = {
  generationMwh: 142_350.5,
  projectEmissions: [{ gas: 'SF6', tonnes: 0.002 }],
  baseline: { method: 'grid_factor', factorId: 'jp-national-2024' },
  methodology: 'CDM ACM0002',
  dataQuality: 2,
  evidenceUrls: ['https://example.com/hokkaido-west/metering/2026-09.pdf'],
};

/** The report `PUT` answers for `metricReportInputExample` (SF6 at its AR6 GWP of 25,200). */
export const metricReportExample: MetricReport = {
  projectId,
  period: '2026-09',
  revision: 1,
  version: 1,
  generationMwh: 142_350.5,
  projectEmissions: [{ gas: 'SF6', tonnes: 0.002 }],
  baseline: { method: 'grid_factor', factorId: 'jp-national-2024' },
  methodology: 'CDM ACM0002',
  dataQuality: 2,
  evidenceUrls: ['https://example.com/hokkaido-west/metering/2026-09.pdf'],
  leakageTco2e: 0,
  gwpSet: 'AR6',
  projectTco2e: 50.4,
  baselineTco2e: 64_057.725,
  reductionsTco2e: 64_007.325,
  factor: { id: 'jp-national-2024', version: 1, tco2PerMwh: 0.45 },
  calcVersion: 'mrv-2026.1',
  verification: { state: 'self_reported' },
  submittedAt: '2026-10-05T01:00:00.000Z',
  submittedBy: submitter,
  orgId: 'kanto-offshore',
};

/** `POST /projects/{id}/metrics/{period}/verification`. */
export const verificationExample: VerificationInput = {
  decision: 'verified',
  comment: 'Generation matches the TSO settlement statement for September.',
};

/** `PUT /emission-factors/{id}`. */
export const emissionFactorInputExample: EmissionFactorInput = {
  region: 'JP',
  year: 2024,
  tco2PerMwh: 0.45,
  method: 'national_average',
  source: {
    title: 'Ministry of the Environment, electricity emission factors by supplier',
    url: 'https://www.env.go.jp/earth/ghg-santeikohyo',
  },
};

/** The factor as stored after `emissionFactorInputExample`. */
export const emissionFactorExample: EmissionFactor = {
  id: 'jp-national-2024',
  ...emissionFactorInputExample,
  version: 1,
  updatedAt: '2026-02-01T00:00:00.000Z',
  updatedBy: admin,
};

/** `PUT /fx-rates/{currency}/{year}`. */
export const fxRateInputExample: FxRateInput = {
  usdPerUnit: usdPerJpy2025,
  source: { title: 'Annual average JPY/USD rate', url: 'https://www.federalreserve.gov/releases/h10/' },
};

/** The rate as stored after `fxRateInputExample` for JPY 2025. */
export const fxRateExample: FxRateRecord = {
  currency: 'JPY',
  year: 2025,
  usdPerUnit: usdPerJpy2025,
  source: { title: 'Annual average JPY/USD rate', url: 'https://www.federalreserve.gov/releases/h10/' },
  version: 1,
  updatedAt: '2026-02-01T00:00:00.000Z',
  updatedBy: admin,
};

/** `GET /indicators`: one group of the latest run. */
export const indicatorsExample = {
  runId: '01JR2M4P6Q8S0T2V4W6X8Y0Z1A',
  computedAt: '2026-11-01T00:04:12.000Z',
  items: [
    {
      granularity: 'quarter',
      period: '2026-Q3',
      slice: 'host_country',
      key: 'JP',
      indicators: {
        projects_by_status: {
          announced: 1,
          feasibility: 2,
          fid: 1,
          construction: 3,
          operating: 5,
          suspended: 0,
          retired: 0,
          cancelled: 1,
        },
        operating_capacity_mw: 1240.5,
        capacity_added_mw: null,
        investment_committed_usd: 164_200_000,
        investment_cumulative_usd: 2_310_450_000,
        investment_by_direction_usd: { 'JP→JP': 79_200_000, 'US→JP': 85_000_000 },
        generation_mwh: 812_400.25,
        project_emissions_tco2e: 1_310.2,
        baseline_emissions_tco2e: 365_580.113,
        emission_reductions_tco2e: 364_269.913,
        verified_reductions_tco2e: 218_561.948,
        verified_share: 0.6,
        emissions_intensity_tco2e_per_mwh: 0.001613,
        carbon_productivity_tco2e_per_musd: 612.4,
        attributed_reductions_tco2e: { JP: 240_418.142, US: 120_209.071, unattributed: 3_642.7 },
        reporting_coverage: 0.8,
        growth_vs_previous: {
          operating_capacity_mw: 0.083843,
          generation_mwh: -0.041,
          emission_reductions_tco2e: -0.0392,
        },
        investment_disbursed_usd: 61_500_000,
        investment_disbursed_cumulative_usd: 1_402_880_000,
        disbursement_ratio: 0.607189,
        expected_reductions_tco2e: 371_250,
        reductions_vs_expected: 0.981198,
        generation_vs_expected: null,
      },
      confStatus: { capacity_added_mw: 'C', generation_vs_expected: 'C' },
    },
  ],
  nextCursor: null,
};

/** `GET /indicators/runs`: the scheduled run that published `indicatorsExample`. */
export const indicatorRunExample = {
  runId: '01JR2M4P6Q8S0T2V4W6X8Y0Z1A',
  state: 'published',
  trigger: 'schedule',
  startedAt: '2026-11-01T00:00:03.000Z',
  finishedAt: '2026-11-01T00:04:12.000Z',
  inputsHash: '9f2c4e6a8b0d1f3e5a7c9b1d3f5e7a9c0b2d4f6e8a0c2e4b6d8f0a2c4e6b8d0f',
  calcVersion: 'indicators-2026.2+sdc-2026.2-n3-k85+mrv-2026.1',
  gwpSets: ['AR5', 'AR6'],
  factorVersions: { 'jp-national-2024': [1], 'us-erct-2023': [1, 2] },
  counts: { projects: 24, reports: 412, items: 3_816 },
};

/** `GET /indicators?format=csv`: the first rows of the same group. */
export const indicatorsCsvExample = [
  'run_id,granularity,period,slice,key,indicator,component,value,conf_status',
  '01JR2M4P6Q8S0T2V4W6X8Y0Z1A,quarter,2026-Q3,host_country,JP,projects_by_status,announced,1,F',
  '01JR2M4P6Q8S0T2V4W6X8Y0Z1A,quarter,2026-Q3,host_country,JP,operating_capacity_mw,,1240.5,F',
  '01JR2M4P6Q8S0T2V4W6X8Y0Z1A,quarter,2026-Q3,host_country,JP,capacity_added_mw,,,C',
  '',
].join('\r\n');

/** `GET /health`. */
export const healthExample = { status: 'ok', version: '0.1.0', dependencies: { db: 'ok' } };

/** `GET /health` when the database is unreachable. */
export const healthUnavailableExample = {
  type: '/problems/service-unavailable',
  title: 'Service unavailable',
  status: 503,
  detail: 'The database is unreachable',
  instance: '/health',
  version: '0.1.0',
  dependencies: { db: 'unavailable' },
};

/** `POST /indicators/runs`. */
export const runAcceptedExample = {
  runId: '01JR3A5C7E9G1H3J5K7M9N1P3Q',
  state: 'running',
  startedAt: '2026-11-29T16:00:00.000Z',
  href: '/indicators/runs/01JR3A5C7E9G1H3J5K7M9N1P3Q',
};

/** `POST /projects/import`: one row created, one rejected. */
export const importResultExample = {
  results: [
    { row: 1, outcome: 'created', id: '01JR4B6D8F0H2K4M6P8R0T2V4X' },
    {
      row: 2,
      outcome: 'rejected',
      errors: [
        { path: 'participant2Country', message: 'Must be an assigned ISO 3166-1 alpha-2 country code' },
      ],
    },
  ],
  counts: { created: 1, updated: 0, rejected: 1 },
};

/** `GET /projects?format=csv`: the project above as a row of the import template. */
export const projectsCsvExample = (() => {
  const record = importRecordOf(projectExample);
  return toCsv(importColumns, [importColumns.map((column) => record[column])]);
})();

/** `POST /metrics/import` as JSON: one month by project id, the next by external reference. */
export const metricsImportJsonExample: z.input<typeof metricsImportRowSchema>[] = [
  { projectId, period: '2026-09', ...metricReportInputExample },
  {
    externalRef: { system: 'gem', id: 'G100000912345' },
    period: '2026-10',
    generationMwh: 150_020,
    projectEmissions: [],
    baseline: { method: 'grid_factor', factorId: 'jp-national-2024' },
    dataQuality: 2,
  },
];

/** `POST /metrics/import` as CSV (the template's columns; unused ones may be left out). */
export const metricsImportCsvExample = [
  'projectId,externalRefSystem,externalRefId,period,generationMwh,tonnesSF6,baselineMethod,baselineFactorId,baselineTco2e,dataQuality',
  `${projectId},,,2026-09,142350.5,0.002,grid_factor,jp-national-2024,,2`,
  ',gem,G100000912345,2026-10,150020,,grid_factor,jp-national-2024,,2',
  `${projectId},,,2026-11,,,explicit,,-5,2`,
  '',
].join('\r\n');

/** What `POST /metrics/import` answers for `metricsImportCsvExample` after September was already imported once. */
export const metricsImportResultExample = {
  results: [
    { row: 1, outcome: 'unchanged', projectId, period: '2026-09', revision: 1 },
    { row: 2, outcome: 'created', projectId, period: '2026-10', revision: 1 },
    {
      row: 3,
      outcome: 'rejected',
      projectId,
      period: '2026-11',
      errors: [{ path: 'baselineTco2e', message: 'Must not be negative' }],
    },
  ],
  counts: { created: 1, restated: 0, unchanged: 1, rejected: 1 },
};

/** `GET /releases`: one release of the example run. */
export const releaseListExample = {
  items: [
    {
      runId: indicatorRunExample.runId,
      createdAt: '2026-11-01T00:04:13.000Z',
      links: {
        descriptor: `/releases/${indicatorRunExample.runId}`,
        files: {
          'indicators.csv.gz': `/releases/${indicatorRunExample.runId}/indicators.csv.gz`,
          'README.md': `/releases/${indicatorRunExample.runId}/README.md`,
          'datapackage.json': `/releases/${indicatorRunExample.runId}/datapackage.json`,
        },
      },
    },
  ],
  nextCursor: null,
};

/** `GET /releases/{runId}`: the descriptor of the example run, its schema shortened to two fields. */
export const releaseDescriptorExample = {
  $schema: 'https://datapackage.org/profiles/2.0/datapackage.json',
  name: 'jucip-green-growth-indicators',
  id: `jucip-indicators-${indicatorRunExample.runId}`,
  title: `JUCIP green-growth indicators, run ${indicatorRunExample.runId}`,
  version: indicatorRunExample.runId,
  created: indicatorRunExample.finishedAt,
  licenses: [
    {
      name: 'CC-BY-4.0',
      path: 'https://creativecommons.org/licenses/by/4.0/',
      title: 'Creative Commons Attribution 4.0',
    },
  ],
  sources: [{ title: `JUCIP tracker indicator run ${indicatorRunExample.runId}` }],
  resources: [
    {
      name: 'indicators',
      type: 'table',
      path: 'indicators.csv.gz',
      format: 'csv',
      mediatype: 'text/csv',
      compression: 'gz',
      bytes: 48_213,
      hash: 'sha256:2c26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e886266e7ae',
      schema: {
        fields: [
          { name: 'indicator', type: 'string', constraints: { required: true } },
          { name: 'value', type: 'number', unit: 'the unit of the row’s indicator' },
        ],
        primaryKey: ['run_id', 'granularity', 'period', 'slice', 'key', 'indicator', 'component'],
        missingValues: [''],
      },
    },
    {
      name: 'readme',
      path: 'README.md',
      mediatype: 'text/markdown',
      bytes: 5_120,
      hash: 'sha256:fcde2b2edba56bf408601fb721fe9b5c338d10ee429ea04fae5511b68fbf8fb9',
    },
  ],
};
