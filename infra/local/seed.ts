/**
 * First-start data for the local runtime: the sample FX rates and the sample emission factors
 * (reference data the API needs to price investments and compute grid baselines, clearly labelled as
 * samples) whenever their part of the reference table is empty, and the sample portfolio (projects,
 * then their monthly metric reports) when the database has no projects yet and sample data is
 * wanted. Everything but the FX rates goes through the same services the API uses, so that projects
 * get real ids, audit trails and USD amounts, and reports real revisions, figures and verifications.
 *
 * Import this module only after the table environment is set: it wires the adapters at load time.
 * Call `seedEmissionFactors()` before `loadSampleData()` / `loadSamplePortfolio()`: sample reports
 * whose emission factor is missing are left out (and counted as `skipped`).
 */
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { ulid } from 'ulid';
import { documentClient } from '../../shared/adapters/dynamodb/document-client.ts';
import { DynamoMetricsRepository } from '../../shared/adapters/dynamodb/metrics-table.ts';
import { DynamoOrganisationRepository } from '../../shared/adapters/dynamodb/organisations-table.ts';
import { DynamoProjectRepository } from '../../shared/adapters/dynamodb/projects-table.ts';
import { DynamoReferenceRepository } from '../../shared/adapters/dynamodb/reference-table.ts';
import { tableName } from '../../shared/config/env.ts';
import { MetricsService } from '../../shared/domain/metrics/service.ts';
import { OrganisationService } from '../../shared/domain/organisations/service.ts';
import type { Principal } from '../../shared/domain/policy.ts';
import type { Project } from '../../shared/domain/projects/schema.ts';
import { ProjectService } from '../../shared/domain/projects/service.ts';
import { type EmissionFactor, regionCountry } from '../../shared/domain/reference/emission-factors.ts';
import { ReferenceService } from '../../shared/domain/reference/service.ts';
import { sampleEmissionFactors } from './sample-data/emission-factors.ts';
import { fleetOrgId } from './sample-data/fleet.ts';
import { sampleFxRates } from './sample-data/fx-rates.ts';
import { sampleOrganisations } from './sample-data/organisations.ts';
import { type SampleProject, sampleProjects } from './sample-data/projects.ts';
import {
  type SampleReportBody,
  type SampleReportPlan,
  sampleReportsFor,
  sampleVerificationComment,
} from './sample-data/reports.ts';

const now = () => new Date().toISOString();
const reference = new DynamoReferenceRepository(documentClient, tableName('reference'));
const projects = new DynamoProjectRepository(documentClient, tableName('projects'));
const organisations = new DynamoOrganisationRepository(documentClient, tableName('organisations'));
const service = new ProjectService({ projects, fx: reference, organisations, now, newId: () => ulid() });
const referenceService = new ReferenceService({ repository: reference, now });
const organisationService = new OrganisationService({ organisations, now });

/**
 * The projects just loaded, and the emission factors read once: reports go through the
 * `MetricsService` as API calls do, but without reading the same project and factor from DynamoDB
 * Local again for every month (nothing else changes them while the runtime starts).
 */
const loadedProjects = new Map<string, Project>();
const factorReads = new Map<string, Promise<EmissionFactor | undefined>>();
function cachedFactor(id: string): Promise<EmissionFactor | undefined> {
  const read = factorReads.get(id) ?? reference.factor(id);
  factorReads.set(id, read);
  return read;
}
const metricsService = new MetricsService({
  projects: {
    getStored: async (id) => {
      const loaded = loadedProjects.get(id);
      if (loaded === undefined) return projects.getStored(id);
      return { current: loaded, accepted: loaded.reviewState === 'accepted' ? loaded : undefined };
    },
  },
  metrics: new DynamoMetricsRepository(documentClient, tableName('metrics')),
  reference: { factor: (id) => cachedFactor(id) },
  // Sample reports link no evidence documents.
  documents: { get: async () => undefined },
  now,
});

/**
 * How many sample months load at once. Months are independent of each other (a month's submission,
 * verification and restatement go one after the other), so this spreads across projects and months.
 */
const reportConcurrency = 16;
/** Fleet projects loaded at once (`sample-data/fleet.ts`). */
const fleetConcurrency = 8;

async function hasAny(table: string, indexName: string, pk: string, value: string): Promise<boolean> {
  const { Items = [] } = await documentClient.send(
    new QueryCommand({
      TableName: table,
      IndexName: indexName,
      KeyConditionExpression: '#pk = :v',
      ExpressionAttributeNames: { '#pk': pk },
      ExpressionAttributeValues: { ':v': value },
      Limit: 1,
    }),
  );
  return Items.length > 0;
}

/** Runs `work` on every item, at most `size` at a time. */
async function inPool<T>(items: readonly T[], size: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    for (let index = next++; index < items.length; index = next++) await work(items[index] as T);
  };
  await Promise.all(Array.from({ length: Math.min(size, items.length) }, worker));
}

/** Seeds the sample FX rates when no rate is stored; answers how many it stored. */
export async function seedFxRates(): Promise<number> {
  if (await hasAny(tableName('reference'), 'gsi1', 'gsi1pk', 'FX')) return 0;
  const stamp = { version: 1, updatedAt: new Date().toISOString(), updatedBy: 'sample-seed' };
  for (const rate of sampleFxRates) await reference.putFxRate(undefined, { ...rate, ...stamp });
  return sampleFxRates.length;
}

const sampleSeedAdmin: Principal = { subject: 'sample-seed', roles: ['admin'] };

/** Seeds the sample emission factors when no factor is stored; answers how many it stored. */
export async function seedEmissionFactors(): Promise<number> {
  if (await hasAny(tableName('reference'), 'gsi1', 'gsi1pk', 'FACTOR')) return 0;
  await inPool(sampleEmissionFactors, 8, async (factor) => {
    await referenceService.putFactor(sampleSeedAdmin, factor.id, factor.body);
  });
  return sampleEmissionFactors.length;
}

/**
 * Registers the sample organisations that are missing (through the same service as
 * `PUT /organisations/{orgId}`); answers how many it registered. Runs even when projects are
 * already loaded, so that a database from before organisations existed gets them too.
 */
export async function seedSampleOrganisations(): Promise<number> {
  let registered = 0;
  for (const { orgId, body } of sampleOrganisations) {
    if (await organisations.exists(orgId)) continue;
    await organisationService.put(sampleSeedAdmin, orgId, body, undefined);
    registered += 1;
  }
  return registered;
}

const sampleReviewer: Principal = { subject: 'sample-loader-reviewer', roles: ['reviewer'] };

function submitterOf(orgId: string): Principal {
  return { subject: `sample-loader-${orgId}`, roles: ['submitter'], orgId };
}

/** What the sample loader stored. */
export interface SampleDataLoad {
  /** Projects created (0 when the database already had projects: then nothing is loaded). */
  readonly projects: number;
  /** Months reported, one report each (with every revision). */
  readonly reports: number;
  /** Months whose latest revision ends `verified`. */
  readonly verified: number;
  /** Months whose latest revision ends `rejected` (rejected and not restated). */
  readonly rejected: number;
  /** Months restated (revision 2), after verification or not. */
  readonly restated: number;
  /** Of those, months that were verified and dropped back to `self_reported` by the restatement. */
  readonly unverifiedByRestatement: number;
  /** Months left out because the emission factor they name is missing or is for another country. */
  readonly skipped: number;
}

interface ReportTally {
  reports: number;
  verified: number;
  rejected: number;
  restated: number;
  unverifiedByRestatement: number;
  skipped: number;
}

const factorIdOf = (body: SampleReportBody | undefined) =>
  body?.baseline.method === 'grid_factor' ? body.baseline.factorId : undefined;

/** The region of every factor the plans name that is stored (missing ones are absent). */
async function storedFactorRegions(plans: readonly SampleReportPlan[]): Promise<Map<string, string>> {
  const ids = new Set(plans.flatMap((plan) => [factorIdOf(plan.body), factorIdOf(plan.restate)]));
  const regions = new Map<string, string>();
  await Promise.all(
    [...ids].map(async (id) => {
      const factor = id === undefined ? undefined : await cachedFactor(id);
      if (factor) regions.set(factor.id, factor.region);
    }),
  );
  return regions;
}

interface PlannedReport {
  readonly project: Project;
  readonly submitter: Principal;
  readonly plan: SampleReportPlan;
}

/** Submits a sample month, then verifies and restates it as planned; tallies what it stored. */
async function loadReport(
  { project, submitter, plan }: PlannedReport,
  factorRegions: ReadonlyMap<string, string>,
  tally: ReportTally,
): Promise<void> {
  const usable = (body: SampleReportBody | undefined) => {
    const id = factorIdOf(body);
    const region = id === undefined ? undefined : factorRegions.get(id);
    return id === undefined || (region !== undefined && regionCountry(region) === project.hostCountry);
  };
  if (!usable(plan.body) || !usable(plan.restate)) {
    tally.skipped += 1;
    return;
  }
  let { report } = await metricsService.put(submitter, project.id, plan.period, plan.body, undefined);
  if (plan.verify) {
    const decision = { decision: plan.verify, comment: sampleVerificationComment(plan.verify) };
    report = await metricsService.verify(sampleReviewer, project.id, plan.period, decision, report.version);
  }
  if (plan.restate) {
    const wasVerified = report.verification.state === 'verified';
    ({ report } = await metricsService.put(submitter, project.id, plan.period, plan.restate, report.version));
    tally.restated += 1;
    if (wasVerified && report.verification.state === 'self_reported') tally.unverifiedByRestatement += 1;
  }
  tally.reports += 1;
  if (report.verification.state === 'verified') tally.verified += 1;
  if (report.verification.state === 'rejected') tally.rejected += 1;
}

/**
 * Loads the sample portfolio into an empty projects table: the hand-written projects (one after
 * the other, so that their ids sort in portfolio order) and the generated fleet, then their monthly reports as of now (see
 * `sample-data/reports.ts`), `reportConcurrency` months at a time, each submitted by its
 * organisation's submitter and decided by a separate reviewer. Answers what it stored.
 */
export async function loadSampleData(): Promise<SampleDataLoad> {
  const tally: ReportTally = {
    reports: 0,
    verified: 0,
    rejected: 0,
    restated: 0,
    unverifiedByRestatement: 0,
    skipped: 0,
  };
  await seedSampleOrganisations();
  if (await hasAny(tableName('projects'), 'gsi3', 'gsi3pk', 'PROJECTS')) return { projects: 0, ...tally };
  const loaded: Array<{ project: Project; submitter: Principal }> = [];
  const loadProject = async (sample: SampleProject) => {
    const submitter = submitterOf(sample.orgId);
    let project = await service.create(submitter, sample.body);
    for (const change of sample.statusChanges ?? []) {
      project = await service.changeStatus(submitter, project.id, change, project.version);
    }
    if (sample.review)
      project = await service.review(sampleReviewer, project.id, sample.review, project.version);
    loaded.push({ project, submitter });
  };
  for (const sample of sampleProjects) if (sample.orgId !== fleetOrgId) await loadProject(sample);
  // The generated fleet comes after, several at a time: its order does not matter, and one after the
  // other it would add seconds to every start.
  await inPool(
    sampleProjects.filter((sample) => sample.orgId === fleetOrgId),
    fleetConcurrency,
    loadProject,
  );

  const asOf = now();
  const planned: PlannedReport[] = loaded.flatMap(({ project, submitter }) =>
    sampleReportsFor(project, asOf).map((plan) => ({ project, submitter, plan })),
  );
  for (const { project } of loaded) loadedProjects.set(project.id, project);
  const factorRegions = await storedFactorRegions(planned.map(({ plan }) => plan));
  try {
    await inPool(planned, reportConcurrency, (report) => loadReport(report, factorRegions, tally));
  } finally {
    loadedProjects.clear();
    factorReads.clear();
  }
  return { projects: loaded.length, ...tally };
}

/**
 * Loads the sample portfolio (projects and their reports, see `loadSampleData`) into an empty
 * projects table; answers how many projects it loaded.
 */
export async function loadSamplePortfolio(): Promise<number> {
  return (await loadSampleData()).projects;
}
