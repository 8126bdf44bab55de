import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type IndicatorJobDeps, runIndicatorJob } from '../../../../shared/domain/indicator-runs/job.ts';
import type {
  IndicatorInputSource,
  IndicatorRunStore,
  ProjectRef,
} from '../../../../shared/domain/indicator-runs/ports.ts';
import type { IndicatorRun } from '../../../../shared/domain/indicator-runs/run.ts';
import { InMemoryRunWorkspace } from '../../../../shared/domain/indicator-runs/workspace.ts';
import {
  IndicatorComputation,
  type IndicatorItem,
  type IndicatorPartial,
  type IndicatorProject,
  type IndicatorReport,
} from '../../../../shared/domain/indicators/compute.ts';
import type { MetricReport } from '../../../../shared/domain/metrics/schema.ts';
import type { Project } from '../../../../shared/domain/projects/schema.ts';
import { inMemoryReleaseWriter } from '../../../support/in-memory-releases.ts';
import { lastCompleteMonth, portfolio } from '../indicators/arbitraries.ts';

type Portfolio = ReadonlyArray<readonly [IndicatorProject, readonly IndicatorReport[]]>;

/** Items and their contributor statistics as text: equal text, equal bytes. */
function printed(computation: IndicatorComputation): string {
  return JSON.stringify(computation.resultWithStatistics(), (_, value) =>
    typeof value === 'bigint' ? `${value}n` : value,
  );
}

/** Cuts `values` before each of the given positions. */
function split<T>(values: readonly T[], cuts: readonly number[]): T[][] {
  const positions = [...new Set(cuts.map((cut) => cut % (values.length + 1)))].sort((a, b) => a - b);
  const parts: T[][] = [];
  let start = 0;
  for (const position of [...positions, values.length]) {
    parts.push(values.slice(start, position));
    start = position;
  }
  return parts;
}

describe('partial results of the indicator computation', () => {
  it('add up to exactly what one computation over every project gives, however the projects are split', () => {
    fc.assert(
      fc.property(portfolio({ maxProjects: 8 }), fc.array(fc.nat(), { maxLength: 4 }), (projects, cuts) => {
        const whole = new IndicatorComputation({ lastCompleteMonth });
        for (const [project, reports] of projects) whole.addProject(project, reports);
        const merged = new IndicatorComputation({ lastCompleteMonth });
        for (const part of split(projects, cuts)) {
          const shard = new IndicatorComputation({ lastCompleteMonth });
          for (const [project, reports] of part) shard.addProject(project, reports);
          merged.addPartial(JSON.parse(JSON.stringify(shard.toPartial())) as IndicatorPartial);
        }
        expect(printed(merged)).toBe(printed(whole));
      }),
      { numRuns: 30 },
    );
  }, 60_000);

  it('refuses a partial computed for another last complete month', () => {
    const other = new IndicatorComputation({ lastCompleteMonth: '2024-01' });
    const merged = new IndicatorComputation({ lastCompleteMonth });
    expect(() => merged.addPartial(other.toPartial())).toThrow(/cannot be added/);
  });
});

/** The job's view of a generated project: a `Project` with the fields the computation reads. */
function projectOf(project: IndicatorProject): Project {
  return {
    ...project,
    participants: project.participants.map((p) => ({ ...p, organisation: 'Org', role: 'developer' })),
    investments: project.investments.map((i) => ({ ...i, amount: i.usdAmount, currency: 'USD' })),
  } as unknown as Project;
}

function reportOf(report: IndicatorReport): MetricReport {
  return {
    ...report,
    verification: { state: report.verified ? 'verified' : 'submitted' },
    gwpSet: 'AR6',
    calcVersion: 'accounting-test',
  } as unknown as MetricReport;
}

function inputsOf(projects: Portfolio): IndicatorInputSource {
  const sorted = [...projects].sort(([a], [b]) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const byId = new Map(sorted.map(([project, reports]) => [project.id, { project, reports }]));
  return {
    async *acceptedProjects() {
      yield sorted.map(([project]) => projectOf(project));
    },
    async *acceptedProjectRefs() {
      // Pages of 2, so that shards and pages do not line up.
      for (let start = 0; start < sorted.length; start += 2) {
        yield sorted.slice(start, start + 2).map(([project]) => ({ id: project.id, key: 'accepted' }));
      }
    },
    async projectsByRef(refs: readonly ProjectRef[]) {
      // In reverse, as a batch read may answer in any order.
      return refs.map((ref) => projectOf(byId.get(ref.id)?.project as IndicatorProject)).reverse();
    },
    async latestReports(projectId: string) {
      return (byId.get(projectId)?.reports ?? []).map(reportOf);
    },
  };
}

/** A run store that keeps what the job writes. */
function recordingStore(): IndicatorRunStore & { readonly written: IndicatorItem[] } {
  const written: IndicatorItem[] = [];
  const runs = new Map<string, IndicatorRun>();
  return {
    written,
    async start(run) {
      if (runs.has(run.runId)) return 'exists';
      runs.set(run.runId, run);
      return 'started';
    },
    async get(runId) {
      return runs.get(runId);
    },
    async writeItems(_, items) {
      written.push(...items);
    },
    async claim() {
      return true;
    },
    async publish(run) {
      runs.set(run.runId, run);
    },
    async fail(runId, failure) {
      const run = runs.get(runId);
      if (run) runs.set(runId, { ...run, state: 'failed', failure });
    },
    async latestRunId() {
      return undefined;
    },
    async list() {
      return { runs: [], more: false };
    },
    async items() {
      return { items: [] };
    },
  };
}

async function runWith(projects: Portfolio, shardSize: number) {
  const runs = recordingStore();
  const workspace = new InMemoryRunWorkspace();
  const deps: IndicatorJobDeps = {
    inputs: inputsOf(projects),
    runs,
    releases: inMemoryReleaseWriter(runs),
    now: () => '2025-06-10T00:00:00.000Z',
    workspace,
    shardSize,
    readConcurrency: 3,
  };
  const result = await runIndicatorJob({ runId: '01JZZZZZZZZZZZZZZZZZZZZZZZ', trigger: 'manual' }, deps);
  if (result.outcome !== 'published') throw new Error(result.reason);
  return { run: result.run, items: JSON.stringify(runs.written) };
}

describe('the indicator job, shard → map → merge', () => {
  it('publishes byte-identical items and the same inputsHash from 1 shard and from many', async () => {
    await fc.assert(
      fc.asyncProperty(
        portfolio({ maxProjects: 8 }),
        fc.integer({ min: 1, max: 3 }),
        async (projects, size) => {
          const one = await runWith(projects, 1000);
          const many = await runWith(projects, size);
          expect(many.items).toBe(one.items);
          expect(many.run.inputsHash).toBe(one.run.inputsHash);
          expect(many.run.counts).toEqual(one.run.counts);
          expect(many.run.calcVersion).toBe(one.run.calcVersion);
        },
      ),
      { numRuns: 20 },
    );
  }, 60_000);

  it('gives another inputsHash when one reported figure changes', async () => {
    const project: IndicatorProject = {
      id: 'P1',
      hostCountry: 'US',
      technology: 'solar_pv',
      programs: ['jucip'],
      capacity: { value: 10, unit: 'MW' },
      participants: [],
      investments: [],
      statusHistory: [{ status: 'operating', effectiveDate: '2025-01-01' }],
    };
    const report = (reductionsTco2e: number): IndicatorReport => ({
      period: '2025-02',
      generationMwh: 100,
      projectTco2e: 1,
      baselineTco2e: 1 + reductionsTco2e,
      reductionsTco2e,
      verified: false,
    });
    const before = await runWith([[project, [report(5)]]], 1);
    const after = await runWith([[project, [report(6)]]], 1);
    expect(after.run.inputsHash).not.toBe(before.run.inputsHash);
  });

  it('fails the run, and publishes nothing, when a shard has no partial result', async () => {
    const runs = recordingStore();
    const workspace = new InMemoryRunWorkspace();
    const lost = Object.assign(Object.create(workspace) as InMemoryRunWorkspace, {
      async putPartial() {},
    });
    const project: IndicatorProject = {
      id: 'P1',
      hostCountry: 'US',
      technology: 'solar_pv',
      programs: [],
      participants: [],
      investments: [],
      statusHistory: [{ status: 'operating', effectiveDate: '2025-01-01' }],
    };
    const runId = '01JZZZZZZZZZZZZZZZZZZZZZZY';
    await expect(
      runIndicatorJob(
        { runId, trigger: 'manual' },
        {
          inputs: inputsOf([[project, []]]),
          runs,
          releases: inMemoryReleaseWriter(runs),
          now: () => '2025-06-10T00:00:00.000Z',
          workspace: lost,
        },
      ),
    ).rejects.toThrow(/Nothing stored/);
    expect(runs.written).toEqual([]);
    expect((await runs.get(runId))?.state).toBe('failed');
  });
});
