/**
 * The indicator job on DynamoDB Local, on tables of its own (the job reads every accepted project,
 * so other test files writing in parallel must not be in its inputs).
 */
import { randomUUID } from 'node:crypto';
import { DescribeTimeToLiveCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { ulid } from 'ulid';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ensureTables, localTableName } from '../../infra/local/create-tables.ts';
import { createDocumentClient } from '../../shared/adapters/dynamodb/client.ts';
import { DynamoIndicatorInputs } from '../../shared/adapters/dynamodb/indicator-inputs.ts';
import { DynamoIndicatorRunStore } from '../../shared/adapters/dynamodb/indicators-table.ts';
import { DynamoMetricsRepository } from '../../shared/adapters/dynamodb/metrics-table.ts';
import { DynamoProjectRepository } from '../../shared/adapters/dynamodb/projects-table.ts';
import { NotFoundError } from '../../shared/domain/errors.ts';
import { type IndicatorJobDeps, runIndicatorJob } from '../../shared/domain/indicator-runs/job.ts';
import type { IndicatorRunStore } from '../../shared/domain/indicator-runs/ports.ts';
import { IndicatorReader } from '../../shared/domain/indicator-runs/reads.ts';
import type { IndicatorRun } from '../../shared/domain/indicator-runs/run.ts';
import type { IndicatorItem } from '../../shared/domain/indicators/compute.ts';
import { submitReport } from '../../shared/domain/metrics/report.ts';
import type { Principal } from '../../shared/domain/policy.ts';
import { changeStatus, createProject, reviewProject } from '../../shared/domain/projects/project.ts';
import { ReleaseReader } from '../../shared/domain/releases/reads.ts';
import { indicatorsCsv } from '../../shared/http/indicators.ts';
import { tables } from '../../shared/tables.ts';
import { InMemoryReleaseStore, inMemoryReleaseWriter } from '../support/in-memory-releases.ts';
import { aProjectInput } from '../unit/domain/factories.ts';

const prefix = `jucip-job-${randomUUID().slice(0, 8)}`;
const endpoint = inject('dynamodbEndpoint');
const client = createDocumentClient(endpoint);
const names = {
  projects: localTableName(tables.projects, prefix),
  metrics: localTableName(tables.metrics, prefix),
  indicators: localTableName(tables.indicators, prefix),
};
const runs = new DynamoIndicatorRunStore(client, names.indicators);
const reader = new IndicatorReader(runs);
const now = '2026-06-15T10:00:00.000Z';

function deps(overrides: Partial<IndicatorJobDeps> = {}): IndicatorJobDeps {
  return {
    inputs: new DynamoIndicatorInputs(client, { projects: names.projects, metrics: names.metrics }, 2),
    runs,
    releases: inMemoryReleaseWriter(runs),
    now: () => now,
    ...overrides,
  };
}

const submitter: Principal = { subject: 'owner', roles: ['submitter'], orgId: 'org-job' };
const reviewer: Principal = { subject: 'reviewer', roles: ['reviewer'] };

/** Stores an accepted, operating project with twelve monthly reports of 2025. */
async function anOperatingProjectWithReports(technology: 'solar_pv' | 'wind_onshore', mw: number) {
  const projects = new DynamoProjectRepository(client, names.projects);
  const metrics = new DynamoMetricsRepository(client, names.metrics);
  const ctx = { principal: submitter, now: '2025-01-01T00:00:00.000Z', newId: ulid, usdPerUnit: () => 1 };
  const created = createProject(
    aProjectInput({
      technology,
      capacity: { value: mw, unit: 'MW' },
      status: 'construction',
      statusEffectiveDate: '2024-01-10',
    }),
    ctx,
  );
  const operating = changeStatus(created.project, { status: 'operating', effectiveDate: '2024-12-01' }, ctx);
  const accepted = reviewProject(
    operating.project,
    { decision: 'accepted', comment: 'ok' },
    { ...ctx, principal: reviewer },
  );
  await projects.create(created.project, created.audit);
  await projects.update(created.project, operating.project, operating.audit);
  await projects.update(operating.project, accepted.project, accepted.audit);
  for (let month = 1; month <= 12; month++) {
    const period = `2025-${String(month).padStart(2, '0')}`;
    const { report } = submitReport(
      {
        generationMwh: mw * 200 + month,
        projectEmissions: [{ gas: 'CH4_fossil', tonnes: 0.5 }],
        baseline: { method: 'explicit', tco2e: mw * 80 + month },
        leakageTco2e: 0,
        gwpSet: 'AR6',
        dataQuality: 2,
      },
      { project: accepted.project, period, principal: submitter, now },
    );
    await metrics.create(report);
  }
}

beforeAll(async () => {
  const admin = new DynamoDBClient({
    endpoint,
    region: 'local',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  await ensureTables(admin, prefix);
  admin.destroy();
  await anOperatingProjectWithReports('solar_pv', 100);
  await anOperatingProjectWithReports('wind_onshore', 50);
});

afterAll(() => client.destroy());

async function publishedRun(): Promise<IndicatorRun> {
  const result = await runIndicatorJob({ runId: ulid(), trigger: 'manual' }, deps());
  if (result.outcome !== 'published') throw new Error(`expected a published run, got ${result.outcome}`);
  return result.run;
}

/** Every item of a run, through the public reader, as the API serves them. */
async function allItems(runId: string) {
  const items = [];
  let cursor: string | undefined;
  do {
    const page = await reader.run(runId, 100, cursor, 'authenticated');
    items.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return items;
}

describe('the indicator job on DynamoDB Local', () => {
  it('publishes a run, moves the latest pointer to it, and serves its items', async () => {
    const run = await publishedRun();
    expect(run.counts).toMatchObject({ projects: 2, reports: 24 });
    expect(await runs.latestRunId()).toBe(run.runId);
    const latest = await reader.latest(
      { granularity: 'year', period: '2025', slice: 'all' },
      10,
      undefined,
      'authenticated',
    );
    expect(latest.runId).toBe(run.runId);
    expect(latest.items).toHaveLength(1);
    expect(latest.items[0]?.indicators.operating_capacity_mw).toBe(150);
  });

  it('lets the items of a second run in a month expire by TTL, and the runs list says which runs are kept and why', async () => {
    const first = await publishedRun();
    const second = await publishedRun();
    const admin = new DynamoDBClient({
      endpoint,
      region: 'local',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
    const ttl = await admin.send(new DescribeTimeToLiveCommand({ TableName: names.indicators }));
    admin.destroy();
    const { Items = [] } = await client.send(
      new QueryCommand({
        TableName: names.indicators,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': `RUN#${second.runId}` },
        Limit: 5,
      }),
    );
    const listed = (await reader.list(5)).items;

    expect(ttl.TimeToLiveDescription).toMatchObject({
      AttributeName: 'expiresAt',
      TimeToLiveStatus: 'ENABLED',
    });
    expect(second.retention).toEqual({ kept: [], itemsExpireAt: expect.any(String) });
    expect(Date.parse(second.retention?.itemsExpireAt ?? '') - Date.parse(second.startedAt)).toBe(
      400 * 86_400_000,
    );
    const expiresAt = Math.floor(Date.parse(second.retention?.itemsExpireAt ?? '') / 1000);
    expect(Items.filter((item) => String(item.sk).startsWith('ITEM#')).map((item) => item.expiresAt)).toEqual(
      Items.filter((item) => String(item.sk).startsWith('ITEM#')).map(() => expiresAt),
    );
    expect(listed.find((run) => run.runId === second.runId)?.retention).toEqual({
      kept: ['latest'],
      itemsExpireAt: null,
    });
    expect(listed.find((run) => run.runId === first.runId)?.retention?.kept).not.toContain('latest');
  });

  it('finds one group by all four filters, and refuses a cursor from another filter set', async () => {
    const run = await publishedRun();
    const one = await reader.latest(
      { granularity: 'month', period: '2025-06', slice: 'all', key: 'all' },
      10,
      undefined,
      'authenticated',
    );
    expect(one.items.map((i) => [i.granularity, i.period, i.slice, i.key])).toEqual([
      ['month', '2025-06', 'all', 'all'],
    ]);
    const months = await reader.latest({ granularity: 'month' }, 1, undefined, 'authenticated');
    expect(months.runId).toBe(run.runId);
    await expect(
      reader.latest({ granularity: 'year' }, 1, months.nextCursor ?? undefined, 'authenticated'),
    ).rejects.toThrow(/cursor/);
  });

  it('lets a client page through the run it started on while a newer run publishes', async () => {
    const first = await publishedRun();
    const firstPage = await reader.latest({ granularity: 'month' }, 2, undefined, 'authenticated');
    expect(firstPage.runId).toBe(first.runId);
    const second = await publishedRun();
    expect(second.runId).not.toBe(first.runId);

    const resumed = await reader.latest(
      { granularity: 'month' },
      2,
      firstPage.nextCursor ?? undefined,
      'authenticated',
    );
    expect(resumed.runId).toBe(first.runId);
    expect(resumed.computedAt).toBe(firstPage.computedAt);
    const whole = (await reader.run(first.runId, 100, undefined, 'authenticated')).items.filter(
      (i) => i.granularity === 'month',
    );
    expect([...firstPage.items, ...resumed.items]).toEqual(whole.slice(0, 4));
    await expect(
      reader.latest({ granularity: 'month' }, 2, undefined, 'authenticated'),
    ).resolves.toMatchObject({ runId: second.runId });

    // A cursor naming a run that never published is refused, not served.
    const running = ulid();
    await runs.start({ runId: running, state: 'running', trigger: 'manual', startedAt: now });
    const body = Buffer.from(firstPage.nextCursor ?? '', 'base64url').toString('utf8');
    const forged = Buffer.from(body.replace(first.runId, running)).toString('base64url');
    await expect(reader.latest({ granularity: 'month' }, 2, forged, 'authenticated')).rejects.toThrow(
      /cursor/,
    );
  });

  it('never moves the latest pointer back to an older run that finishes late', async () => {
    const older = ulid();
    await runs.start({ runId: older, state: 'running', trigger: 'schedule', startedAt: now });
    const newer = await publishedRun();
    const result = await runIndicatorJob({ runId: older, trigger: 'schedule' }, deps());
    expect(result).toMatchObject({ outcome: 'skipped', reason: 'a newer run was published first' });
    expect(await runs.latestRunId()).toBe(newer.runId);
    expect((await runs.get(older))?.state).toBe('failed');
  });

  it('gives an unchanged rerun the same inputs hash and byte-identical items and CSV', async () => {
    const first = await publishedRun();
    const second = await publishedRun();
    expect(second.inputsHash).toBe(first.inputsHash);
    const firstItems = await allItems(first.runId);
    const secondItems = await allItems(second.runId);
    expect(JSON.stringify(secondItems)).toBe(JSON.stringify(firstItems));
    const withoutRunId = (csv: string, runId: string) => csv.replaceAll(runId, '<run>');
    expect(withoutRunId(indicatorsCsv(second.runId, secondItems), second.runId)).toBe(
      withoutRunId(indicatorsCsv(first.runId, firstItems), first.runId),
    );
  });

  it('leaves the latest pointer on the previous run when a run dies half-way, and a rerun publishes', async () => {
    const previous = await publishedRun();
    const dying = new (class extends DynamoIndicatorRunStore {
      override async writeItems(runId: string, items: Parameters<IndicatorRunStore['writeItems']>[1]) {
        await super.writeItems(runId, items.slice(0, Math.floor(items.length / 2)));
        throw new Error('killed half-way');
      }
    })(client, names.indicators);
    const runId = ulid();
    await expect(runIndicatorJob({ runId, trigger: 'manual' }, deps({ runs: dying }))).rejects.toThrow(
      'killed half-way',
    );
    expect(await runs.latestRunId()).toBe(previous.runId);
    expect((await runs.get(runId))?.state).toBe('failed');
    expect((await reader.run(runId, 10, undefined, 'authenticated')).items).toEqual([]);
    await expect(reader.latest({}, 5, undefined, 'authenticated')).resolves.toMatchObject({
      runId: previous.runId,
    });

    const rerun = await publishedRun();
    expect(await runs.latestRunId()).toBe(rerun.runId);
  });

  it('leaves a run alone while another attempt holds its claim', async () => {
    const runId = ulid();
    await runs.start({ runId, state: 'running', trigger: 'schedule', startedAt: now });
    expect(await runs.claim(runId, 'other-attempt', now, '2026-06-15T10:15:00.000Z')).toBe(true);
    const result = await runIndicatorJob({ runId, trigger: 'schedule' }, deps());
    expect(result).toMatchObject({ outcome: 'skipped' });
    expect((await runs.get(runId))?.state).toBe('running');
  });

  it('finishes a run that was killed while running when its delivery is retried', async () => {
    const runId = ulid();
    await runs.start({ runId, state: 'running', trigger: 'schedule', startedAt: now });
    const result = await runIndicatorJob({ runId, trigger: 'schedule' }, deps());
    expect(result.outcome).toBe('published');
    expect(await runs.latestRunId()).toBe(runId);
  });

  it('publishes one run for duplicate deliveries of the same run id', async () => {
    const runId = ulid();
    const results = await Promise.allSettled([
      runIndicatorJob({ runId, trigger: 'schedule' }, deps()),
      runIndicatorJob({ runId, trigger: 'schedule' }, deps()),
    ]);
    const outcomes = results.map((r) => (r.status === 'fulfilled' ? r.value.outcome : 'rejected')).sort();
    expect(outcomes).toEqual(['published', 'skipped']);
    expect((await runs.get(runId))?.state).toBe('published');
    const again = await runIndicatorJob({ runId, trigger: 'schedule' }, deps());
    expect(again.outcome).toBe('skipped');
  });

  it('stores the disclosure pattern with the items: the public sees suppressed cells as null, a token holder every value', async () => {
    const run = await publishedRun();
    expect(run.calcVersion).toMatch(/^indicators-2026\.2\+sdc-2026\.2-n3-k85\+/);
    const filters = { granularity: 'year', period: '2025', slice: 'all', key: 'all' };
    const [anonymous] = (await reader.latest(filters, 1, undefined, 'public')).items;
    const [authenticated] = (await reader.latest(filters, 1, undefined, 'authenticated')).items;
    // Two projects: every amount has fewer than 3 contributors.
    expect(anonymous?.confStatus.operating_capacity_mw).toBe('C');
    expect(anonymous?.indicators.operating_capacity_mw).toBeNull();
    expect(anonymous?.indicators.projects_by_status).toEqual(authenticated?.indicators.projects_by_status);
    expect(authenticated?.indicators.operating_capacity_mw).toBe(150);
    expect(authenticated?.confStatus).toEqual(anonymous?.confStatus);
    const csv = indicatorsCsv(run.runId, anonymous ? [anonymous] : []);
    expect(csv.split('\r\n')[0]).toMatch(/,value,conf_status$/);
    expect(csv).toContain(',operating_capacity_mw,,,C');
  });

  it('fails closed on items stored before disclosure control: every suppressible cell is C for the public', async () => {
    const runId = ulid();
    await runs.start({ runId, state: 'running', trigger: 'manual', startedAt: now });
    const item = {
      granularity: 'year' as const,
      period: '2025',
      slice: 'all' as const,
      key: 'all',
      indicators: (
        await reader.latest(
          { granularity: 'year', period: '2025', slice: 'all' },
          1,
          undefined,
          'authenticated',
        )
      ).items[0]?.indicators as IndicatorItem['indicators'],
    };
    await runs.writeItems(runId, [item]);
    expect(await runs.claim(runId, 'legacy', now, '2099-01-01T00:00:00.000Z')).toBe(true);
    await runs.publish(
      { runId, state: 'published', trigger: 'manual', startedAt: now, finishedAt: now },
      'legacy',
    );
    const [legacy] = (await reader.run(runId, 10, undefined, 'public')).items;
    expect(legacy?.indicators.operating_capacity_mw).toBeNull();
    expect(legacy?.confStatus.operating_capacity_mw).toBe('C');
    expect(legacy?.confStatus['growth_vs_previous.generation_mwh']).toBe('C');
    expect(legacy?.indicators.projects_by_status).toEqual(item.indicators.projects_by_status);
    const [seen] = (await reader.run(runId, 10, undefined, 'authenticated')).items;
    expect(seen?.indicators.operating_capacity_mw).toBe(150);
  });
});

describe('the release the indicator job writes before it publishes', () => {
  it('leaves the latest pointer where it was, and publishes nothing, when the release cannot be written', async () => {
    const previous = await publishedRun();
    const store = new InMemoryReleaseStore();
    store.failWith = new Error('The releases bucket refused the write');
    const runId = ulid();

    await expect(
      runIndicatorJob({ runId, trigger: 'manual' }, deps({ releases: inMemoryReleaseWriter(runs, store) })),
    ).rejects.toThrow('The releases bucket refused the write');

    expect(await runs.latestRunId()).toBe(previous.runId);
    expect((await runs.get(runId))?.state).toBe('failed');
    expect(store.registered.size).toBe(0);
  });

  it('has every file of a published run written and listed by the time the run is latest', async () => {
    const store = new InMemoryReleaseStore();
    const runId = ulid();
    const result = await runIndicatorJob(
      { runId, trigger: 'manual' },
      deps({ releases: inMemoryReleaseWriter(runs, store) }),
    );
    expect(result.outcome).toBe('published');
    expect([...store.files.keys()].sort()).toEqual(
      [`${runId}/README.md`, `${runId}/datapackage.json`, `${runId}/indicators.csv.gz`].sort(),
    );
    expect([...store.registered.keys()]).toEqual([runId]);
  });

  it('serves the releases of published runs only, not that of a run a newer one overtook', async () => {
    const store = new InMemoryReleaseStore();
    const releases = new ReleaseReader(store, runs, { maxResponseBytes: 1_000_000, linkSeconds: 60 });
    const overtaken = ulid();
    await runs.start({ runId: overtaken, state: 'running', trigger: 'schedule', startedAt: now });
    const newer = await runIndicatorJob(
      { runId: ulid(), trigger: 'manual' },
      deps({ releases: inMemoryReleaseWriter(runs, store) }),
    );
    const late = await runIndicatorJob(
      { runId: overtaken, trigger: 'schedule' },
      deps({ releases: inMemoryReleaseWriter(runs, store) }),
    );
    expect(late).toMatchObject({ outcome: 'skipped', reason: 'a newer run was published first' });
    // Its files were written before it lost the race; they are never served.
    expect(store.registered.has(overtaken)).toBe(true);

    if (newer.outcome !== 'published') throw new Error('the newer run did not publish');
    const listed = await releases.list(10);
    expect(listed.items.map((item) => item.runId)).toEqual([newer.run.runId]);
    await expect(releases.file(overtaken, 'datapackage.json')).rejects.toBeInstanceOf(NotFoundError);
  });
});
