/**
 * The indicator job, as shard → map → merge (`docs/indicator-job.md`):
 *
 * 1. `beginIndicatorRun` records the run, claims it, and lists the published projects (references
 *    only) into shards of at most `shardSize` projects, stored in the run's workspace;
 * 2. `mapShard`, once per shard and in any order or in parallel, reads its projects and their latest
 *    reports with bounded parallelism, folds them into a computation and stores its partial result
 *    with the digests of exactly what it read;
 * 3. `finishIndicatorRun` adds the partials in shard order, applies disclosure control and hands the
 *    items to `publishIndicatorRun`, which writes them, then the release files, then moves the latest pointer.
 *
 * In AWS a Step Functions workflow runs the steps (a Distributed Map over the shards); in one
 * process (`runIndicatorJob`: locally and in the tests) the very same functions run one after the
 * other. Sums are exact and partials add exactly, so the items are byte for byte the same however the
 * projects were sharded, and `inputsHash` (SHA-256 of every project's input digest in id order, taken
 * shard after shard) is too.
 */
import { createHash, randomUUID } from 'node:crypto';
import { ConflictError } from '../errors.ts';
import { domainEvent } from '../events/decisions.ts';
import { IndicatorComputation, type IndicatorItem, indicatorCalcVersion } from '../indicators/compute.ts';
import {
  type DisclosureOptions,
  disclosureCalcVersion,
  suppressionPattern,
} from '../indicators/disclosure.ts';
import type { IndicatorProject, IndicatorReport } from '../indicators/inputs.ts';
import type { MetricReport } from '../metrics/schema.ts';
import type { Project } from '../projects/schema.ts';
import type {
  IndicatorInputSource,
  IndicatorRunStore,
  ProjectRef,
  RunReleaseWriter,
  RunWorkspace,
  ShardPartial,
} from './ports.ts';
import { retentionOf } from './retention.ts';
import { type IndicatorRun, lastCompleteMonth, maxJobDurationMs, type RunTrigger } from './run.ts';
import { InMemoryRunWorkspace } from './workspace.ts';

export interface IndicatorJobDeps {
  readonly inputs: IndicatorInputSource;
  readonly runs: IndicatorRunStore;
  /** Writes the run's release files before it is published (`docs/releases.md`). */
  readonly releases: RunReleaseWriter;
  readonly now: () => string;
  /** Disclosure control's parameters (`docs/disclosure-control.md`); at least 3 contributors by default. */
  readonly disclosure?: Pick<DisclosureOptions, 'minContributors'>;
  /** Where shards and partial results are kept between steps; in memory when absent (one process). */
  readonly workspace?: RunWorkspace;
  /** Projects per shard (`defaultShardSize` when absent). */
  readonly shardSize?: number;
  /** Report queries a map step keeps in flight at once (`defaultReadConcurrency` when absent). */
  readonly readConcurrency?: number;
  /** Days a run's items are kept unless the run is kept for good (`retention.ts`; 400 when absent). */
  readonly retentionDays?: number;
}

/**
 * Projects per shard: 1,000 projects of 10 years of monthly reports are 120,000 reports, a few
 * seconds of reads for one map step (`docs/indicator-job.md` for the figures behind it).
 */
export const defaultShardSize = 1000;

/** Parallel report queries per map step: enough to hide DynamoDB's latency, few enough for one Lambda. */
export const defaultReadConcurrency = 16;

/** Projects read per batch of a map step (DynamoDB's BatchGetItem limit): what a map step holds at once. */
const projectsPerRead = 100;

export interface IndicatorJobRequest {
  readonly runId: string;
  readonly trigger: RunTrigger;
}

/** What the computation reads of a project, and so what the inputs hash covers. */
export function indicatorProjectOf(project: Project): IndicatorProject {
  return {
    id: project.id,
    hostCountry: project.hostCountry,
    technology: project.technology,
    programs: [...project.programs].sort(),
    ...(project.capacity ? { capacity: { value: project.capacity.value, unit: project.capacity.unit } } : {}),
    participants: project.participants.map((p) => ({
      country: p.country,
      ...(p.sharePct === undefined ? {} : { sharePct: p.sharePct }),
    })),
    investments: project.investments.map((i) => ({
      investorCountry: i.investorCountry,
      usdAmount: i.usdAmount,
      committedOn: i.committedOn,
      ...(i.disbursements === undefined || i.disbursements.length === 0
        ? {}
        : { disbursements: i.disbursements.map((d) => ({ date: d.date, usdAmount: d.usdAmount })) }),
    })),
    statusHistory: project.statusHistory.map((s) => ({ status: s.status, effectiveDate: s.effectiveDate })),
    ...expectedOf(project),
  };
}

/** The expected figures the computation reads (the source is for readers, not for the numbers). */
function expectedOf(project: Project): Pick<IndicatorProject, 'expected'> {
  const { annualGenerationMwh, annualReductionsTco2e } = project.expected ?? {};
  if (annualGenerationMwh === undefined && annualReductionsTco2e === undefined) return {};
  return {
    expected: {
      ...(annualGenerationMwh === undefined ? {} : { annualGenerationMwh }),
      ...(annualReductionsTco2e === undefined ? {} : { annualReductionsTco2e }),
    },
  };
}

/** What the computation reads of a report. */
export function indicatorReportOf(report: MetricReport): IndicatorReport {
  return {
    period: report.period,
    ...(report.generationMwh === undefined ? {} : { generationMwh: report.generationMwh }),
    projectTco2e: report.projectTco2e,
    baselineTco2e: report.baselineTco2e,
    reductionsTco2e: report.reductionsTco2e,
    verified: report.verification.state === 'verified',
  };
}

/** The outcome of a job invocation. */
export type IndicatorJobResult =
  | { readonly outcome: 'published'; readonly run: IndicatorRun }
  | { readonly outcome: 'skipped'; readonly runId: string; readonly reason: string };

/** A run being worked on: what the steps after `beginIndicatorRun` need (the workflow's state). */
export interface RunPlan {
  readonly runId: string;
  readonly trigger: RunTrigger;
  readonly startedAt: string;
  /** The claim the run's items are written under. */
  readonly attempt: string;
  /** Shards `0 … shards − 1` in the run's workspace. */
  readonly shards: number;
  readonly projects: number;
}

/** What one map step read (its partial result stays in the workspace). */
export interface ShardSummary {
  readonly shard: number;
  readonly projects: number;
  readonly reports: number;
  readonly inputsHash: string;
}

type BeginOutcome =
  | { readonly outcome: 'planned'; readonly plan: RunPlan }
  | { readonly outcome: 'skipped'; readonly runId: string; readonly reason: string };

/**
 * Step 1: records the run (a run id already finished, a duplicate delivery, is left as it is; one
 * recorded as running by the admin route is continued), claims it for one attempt, and lists the
 * published projects into shards.
 */
export async function beginIndicatorRun(
  request: IndicatorJobRequest,
  deps: Pick<IndicatorJobDeps, 'inputs' | 'runs' | 'now' | 'workspace' | 'shardSize'> & {
    readonly workspace: RunWorkspace;
  },
): Promise<BeginOutcome> {
  const startedAt = deps.now();
  const initial: IndicatorRun = {
    runId: request.runId,
    state: 'running',
    trigger: request.trigger,
    startedAt,
  };
  if ((await deps.runs.start(initial)) === 'exists') {
    const existing = await deps.runs.get(request.runId);
    if (existing && existing.state !== 'running') {
      return { outcome: 'skipped', runId: request.runId, reason: `run is already ${existing.state}` };
    }
  }
  // One attempt at a time writes a run's items: a duplicate delivery arriving while another attempt
  // holds the claim leaves it alone; a killed attempt's claim lapses after the longest a run can take.
  const attempt = randomUUID();
  const leaseUntil = new Date(Date.parse(startedAt) + maxJobDurationMs).toISOString();
  if (!(await deps.runs.claim(request.runId, attempt, startedAt, leaseUntil))) {
    return { outcome: 'skipped', runId: request.runId, reason: 'another attempt is working on this run' };
  }
  try {
    const shardSize = deps.shardSize ?? defaultShardSize;
    if (!Number.isInteger(shardSize) || shardSize < 1)
      throw new RangeError(`Shard size must be a positive integer, not ${shardSize}`);
    let shards = 0;
    let projects = 0;
    let shard: ProjectRef[] = [];
    for await (const page of deps.inputs.acceptedProjectRefs()) {
      for (const ref of page) {
        shard.push(ref);
        projects += 1;
        if (shard.length === shardSize) {
          await deps.workspace.putShard(request.runId, shards, shard);
          shards += 1;
          shard = [];
        }
      }
    }
    if (shard.length > 0) {
      await deps.workspace.putShard(request.runId, shards, shard);
      shards += 1;
    }
    return {
      outcome: 'planned',
      plan: { runId: request.runId, trigger: request.trigger, startedAt, attempt, shards, projects },
    };
  } catch (error) {
    await failIndicatorRun(request.runId, deps);
    throw error;
  }
}

/** The results of `work` over `values`, in their order, with at most `concurrency` in flight. */
async function mapBounded<T, R>(
  values: readonly T[],
  concurrency: number,
  work: (value: T) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(values.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < values.length) {
      const index = next++;
      results[index] = await work(values[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, values.length) }, worker));
  return results;
}

const byId = (a: { id: string }, b: { id: string }): number => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/**
 * Step 2, once per shard: reads the shard's projects (a batch at a time) and their latest reports
 * (`readConcurrency` queries in flight), in id order, and stores the partial result with the digest
 * of each project's inputs. Memory holds one batch of projects and the shard's groups, whatever the
 * data set's size. Rerunning a shard (a retry) rewrites the same partial.
 */
export async function mapShard(
  plan: Pick<RunPlan, 'runId' | 'startedAt'>,
  shard: number,
  deps: Pick<IndicatorJobDeps, 'inputs' | 'readConcurrency'> & { readonly workspace: RunWorkspace },
): Promise<ShardSummary> {
  const refs = [...(await deps.workspace.shard(plan.runId, shard))].sort(byId);
  const computation = new IndicatorComputation({ lastCompleteMonth: lastCompleteMonth(plan.startedAt) });
  const digests = Buffer.alloc(refs.length * 32);
  const gwpSets = new Set<string>();
  const calcVersions = new Set<string>();
  const factorVersions = new Map<string, Set<number>>();
  let projects = 0;
  let reports = 0;
  for (let start = 0; start < refs.length; start += projectsPerRead) {
    const batch = (await deps.inputs.projectsByRef(refs.slice(start, start + projectsPerRead))).sort(byId);
    const stored = await mapBounded(batch, deps.readConcurrency ?? defaultReadConcurrency, (project) =>
      deps.inputs.latestReports(project.id),
    );
    for (const [i, project] of batch.entries()) {
      const projectReports = stored[i] ?? [];
      const indicatorProject = indicatorProjectOf(project);
      const indicatorReports = projectReports
        .map(indicatorReportOf)
        .sort((a, b) => (a.period < b.period ? -1 : 1));
      const digest = createHash('sha256').update(JSON.stringify(indicatorProject)).update('\n');
      for (const report of indicatorReports) digest.update(JSON.stringify(report)).update('\n');
      digest.digest().copy(digests, projects * 32);
      for (const report of projectReports) {
        gwpSets.add(report.gwpSet);
        calcVersions.add(report.calcVersion);
        if (report.factor) {
          const versions = factorVersions.get(report.factor.id) ?? new Set<number>();
          versions.add(report.factor.version);
          factorVersions.set(report.factor.id, versions);
        }
      }
      computation.addProject(indicatorProject, indicatorReports);
      projects += 1;
      reports += projectReports.length;
    }
  }
  const read = digests.subarray(0, projects * 32);
  const partial: ShardPartial = {
    shard,
    projects,
    reports,
    inputsHash: createHash('sha256').update(read).digest('hex'),
    projectDigests: read.toString('base64'),
    gwpSets: [...gwpSets].sort(),
    calcVersions: [...calcVersions].sort(),
    factorVersions: Object.fromEntries(
      [...factorVersions].map(([id, versions]) => [id, [...versions].sort((x, y) => x - y)]),
    ),
    partial: computation.toPartial(),
  };
  await deps.workspace.putPartial(plan.runId, partial);
  return { shard, projects, reports, inputsHash: partial.inputsHash };
}

/**
 * Step 3: adds the shards' partial results in shard order (so the result does not depend on which
 * map step finished first), applies disclosure control, and publishes. A missing or altered partial
 * fails the run: a run with a shard missing is never served.
 * @throws whatever stopped the run, after recording it as failed
 */
export async function finishIndicatorRun(
  plan: RunPlan,
  deps: Pick<IndicatorJobDeps, 'runs' | 'releases' | 'now' | 'disclosure' | 'retentionDays'> & {
    readonly workspace: RunWorkspace;
  },
): Promise<IndicatorJobResult> {
  try {
    const computation = new IndicatorComputation({ lastCompleteMonth: lastCompleteMonth(plan.startedAt) });
    const hash = createHash('sha256');
    const gwpSets = new Set<string>();
    const calcVersions = new Set<string>();
    const factorVersions = new Map<string, Set<number>>();
    let projects = 0;
    let reports = 0;
    for (let shard = 0; shard < plan.shards; shard++) {
      const found = await deps.workspace.partial(plan.runId, shard);
      const digests = Buffer.from(found.projectDigests, 'base64');
      if (
        found.shard !== shard ||
        createHash('sha256').update(digests).digest('hex') !== found.inputsHash ||
        digests.length !== found.projects * 32
      ) {
        throw new Error(`The partial result of shard ${shard} does not match what it says it read`);
      }
      hash.update(digests);
      computation.addPartial(found.partial);
      for (const gwpSet of found.gwpSets) gwpSets.add(gwpSet);
      for (const version of found.calcVersions) calcVersions.add(version);
      for (const [id, versions] of Object.entries(found.factorVersions)) {
        const known = factorVersions.get(id) ?? new Set<number>();
        for (const version of versions) known.add(version);
        factorVersions.set(id, known);
      }
      projects += found.projects;
      reports += found.reports;
    }
    // Disclosure control needs the whole run: its pattern is worked out here, in memory, and stored
    // with each item, so that a read of one page never needs the rest of the run.
    const computed = computation.resultWithStatistics();
    const pattern = suppressionPattern(computed.items, computed.statistics, deps.disclosure);
    const items: IndicatorItem[] = computed.items.map((item, i) => ({
      ...item,
      confStatus: pattern[i] ?? {},
    }));
    const run: IndicatorRun = {
      runId: plan.runId,
      state: 'published',
      trigger: plan.trigger,
      startedAt: plan.startedAt,
      finishedAt: deps.now(),
      inputsHash: hash.digest('hex'),
      calcVersion: [
        indicatorCalcVersion,
        disclosureCalcVersion(deps.disclosure),
        ...[...calcVersions].sort(),
      ].join('+'),
      gwpSets: [...gwpSets].sort(),
      factorVersions: Object.fromEntries(
        [...factorVersions.entries()]
          .sort(([a], [b]) => (a < b ? -1 : 1))
          .map(([id, v]) => [id, [...v].sort((x, y) => x - y)]),
      ),
      counts: { projects, reports, items: items.length },
      retention: await retentionOf(plan, deps.runs, deps.retentionDays),
    };
    return await publishIndicatorRun(run, items, plan.attempt, deps);
  } catch (error) {
    await failIndicatorRun(plan.runId, deps);
    throw error;
  }
}

/**
 * Publishing a computed run, in this order: its items are written, then the run is marked published
 * and the latest pointer moves to it, together with its `IndicatorRunPublished` event in the outbox
 * (`docs/events.md`). Anything that must exist before a run is served goes between the writes and
 * the pointer.
 */
export async function publishIndicatorRun(
  run: IndicatorRun,
  items: readonly IndicatorItem[],
  attempt: string,
  deps: Pick<IndicatorJobDeps, 'runs' | 'releases' | 'now'>,
): Promise<IndicatorJobResult> {
  const expiresAt = run.retention?.itemsExpireAt;
  await deps.runs.writeItems(run.runId, items, expiresAt ? { expiresAt } : {});
  // No run is ever latest without its files: a failed release write fails the run. The writer
  // reads the items just written, so it works the same after one process or a workflow.
  await deps.releases.write(run);
  try {
    // Subscribers learn of the run from its event, stored with the publication (`docs/events.md`).
    const published = domainEvent(
      'IndicatorRunPublished',
      { runId: run.runId, calcVersion: run.calcVersion ?? indicatorCalcVersion },
      { occurredAt: run.finishedAt ?? deps.now() },
    );
    await deps.runs.publish(run, attempt, [published]);
  } catch (error) {
    if (!(error instanceof ConflictError)) throw error;
    // Either a duplicate delivery of this run id published it first, or a newer run is already
    // latest (the pointer never moves back): this attempt's work is not needed.
    if ((await deps.runs.get(run.runId))?.state === 'published') {
      return { outcome: 'skipped', runId: run.runId, reason: 'published by a concurrent delivery' };
    }
    await deps.runs.fail(run.runId, 'A newer run was published first', deps.now());
    return { outcome: 'skipped', runId: run.runId, reason: 'a newer run was published first' };
  }
  return { outcome: 'published', run };
}

/** Records a run that stopped before publishing as failed: it is never served. */
export async function failIndicatorRun(
  runId: string,
  deps: Pick<IndicatorJobDeps, 'runs' | 'now'>,
): Promise<void> {
  await deps.runs.fail(runId, 'The run stopped before publishing; see the job logs', deps.now());
}

/** How many map steps one process runs at once: the reads overlap, the maths takes turns. */
const inProcessShardConcurrency = 4;

/**
 * Runs the whole job in one process: the same steps as the workflow, with the shards mapped a few at
 * a time. Locally and in the tests.
 * @throws whatever stopped the run, after recording it as failed
 */
export async function runIndicatorJob(
  request: IndicatorJobRequest,
  deps: IndicatorJobDeps,
): Promise<IndicatorJobResult> {
  const stepDeps = { ...deps, workspace: deps.workspace ?? new InMemoryRunWorkspace() };
  const begun = await beginIndicatorRun(request, stepDeps);
  if (begun.outcome === 'skipped') return begun;
  const { plan } = begun;
  try {
    const shards = Array.from({ length: plan.shards }, (_, shard) => shard);
    await mapBounded(shards, inProcessShardConcurrency, (shard) => mapShard(plan, shard, stepDeps));
  } catch (error) {
    await failIndicatorRun(plan.runId, deps);
    throw error;
  }
  return finishIndicatorRun(plan, stepDeps);
}
