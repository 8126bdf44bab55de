/**
 * The indicator job: read every accepted project and the latest revision of each of its months,
 * a project at a time; fold them into the computation; write the run's items; publish. Memory
 * holds the groups being computed and one project's reports, never the whole data set. The inputs
 * are hashed as they are read (projected to exactly what the computation uses, in id order), so an
 * unchanged data set gives the same `inputsHash` and, the computation being pure, the same items.
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
import type { IndicatorInputSource, IndicatorRunStore } from './ports.ts';
import { type IndicatorRun, lastCompleteMonth, type RunTrigger } from './run.ts';

export interface IndicatorJobDeps {
  readonly inputs: IndicatorInputSource;
  readonly runs: IndicatorRunStore;
  readonly now: () => string;
  /** Disclosure control's parameters (`docs/disclosure-control.md`); at least 3 contributors by default. */
  readonly disclosure?: Pick<DisclosureOptions, 'minContributors'>;
}

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
    })),
    statusHistory: project.statusHistory.map((s) => ({ status: s.status, effectiveDate: s.effectiveDate })),
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

/** Lambda's longest run (15 minutes): no attempt can still be writing after its claim lapses. */
export const maxJobDurationMs = 15 * 60 * 1000;

/** The outcome of a job invocation. */
export type IndicatorJobResult =
  | { readonly outcome: 'published'; readonly run: IndicatorRun }
  | { readonly outcome: 'skipped'; readonly runId: string; readonly reason: string };

/**
 * Runs the job for a run id. A run id already finished (a duplicate delivery) is left as it is;
 * a run id recorded as running by the admin route is continued.
 * @throws whatever stopped the run, after recording it as failed
 */
export async function runIndicatorJob(
  request: IndicatorJobRequest,
  deps: IndicatorJobDeps,
): Promise<IndicatorJobResult> {
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
  // holds the claim leaves it alone; a killed attempt's claim lapses after the longest a job can run.
  const attempt = randomUUID();
  const leaseUntil = new Date(Date.parse(startedAt) + maxJobDurationMs).toISOString();
  if (!(await deps.runs.claim(request.runId, attempt, startedAt, leaseUntil))) {
    return { outcome: 'skipped', runId: request.runId, reason: 'another attempt is working on this run' };
  }
  try {
    const computation = new IndicatorComputation({ lastCompleteMonth: lastCompleteMonth(startedAt) });
    const hash = createHash('sha256');
    const gwpSets = new Set<string>();
    const calcVersions = new Set<string>();
    const factorVersions = new Map<string, Set<number>>();
    let projects = 0;
    let reports = 0;
    for await (const page of deps.inputs.acceptedProjects()) {
      for (const project of page) {
        const stored = await deps.inputs.latestReports(project.id);
        const indicatorProject = indicatorProjectOf(project);
        const indicatorReports = stored.map(indicatorReportOf).sort((a, b) => (a.period < b.period ? -1 : 1));
        hash.update(JSON.stringify(indicatorProject)).update('\n');
        for (const report of indicatorReports) hash.update(JSON.stringify(report)).update('\n');
        for (const report of stored) {
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
        reports += stored.length;
      }
    }
    // Disclosure control needs the whole run: its pattern is worked out here, in memory, and stored
    // with each item, so that a read of one page never needs the rest of the run.
    const computed = computation.resultWithStatistics();
    const pattern = suppressionPattern(computed.items, computed.statistics, deps.disclosure);
    const items: IndicatorItem[] = computed.items.map((item, i) => ({
      ...item,
      confStatus: pattern[i] ?? {},
    }));
    await deps.runs.writeItems(request.runId, items);
    const run: IndicatorRun = {
      ...initial,
      state: 'published',
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
    };
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
      if ((await deps.runs.get(request.runId))?.state === 'published') {
        return { outcome: 'skipped', runId: request.runId, reason: 'published by a concurrent delivery' };
      }
      await deps.runs.fail(request.runId, 'A newer run was published first', deps.now());
      return { outcome: 'skipped', runId: request.runId, reason: 'a newer run was published first' };
    }
    return { outcome: 'published', run };
  } catch (error) {
    await deps.runs.fail(request.runId, 'The run stopped before publishing; see the job logs', deps.now());
    throw error;
  }
}
