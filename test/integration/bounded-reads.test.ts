/**
 * Bounded cost for every caller (docs/operations.md): on a large data set in DynamoDB Local, each
 * listing with its worst filters reads at most `limit + 1` items per index partition it covers
 * (the page plus one item that says whether more follow), plus its point reads, whatever the
 * filters match. Consumed capacity is measured with `ReturnConsumedCapacity: 'TOTAL'`.
 *
 * The data set has `BOUNDED_READS_ITEMS` indicator items in one run and as many accepted projects
 * (10,000 each in the integration suite; `npm run test:scale` loads 100,000 each). It lives in
 * tables of its own, so the other test files never page through it.
 */
import { randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { monotonicFactory } from 'ulid';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ensureTables, localTableName } from '../../infra/local/create-tables.ts';
import { DynamoIndicatorRunStore } from '../../shared/adapters/dynamodb/indicators-table.ts';
import { DynamoMetricsRepository } from '../../shared/adapters/dynamodb/metrics-table.ts';
import { DynamoProjectRepository, projectItem } from '../../shared/adapters/dynamodb/projects-table.ts';
import { DynamoReferenceRepository } from '../../shared/adapters/dynamodb/reference-table.ts';
import { DynamoReviewQueue } from '../../shared/adapters/dynamodb/review-queue.ts';
import { IndicatorReader } from '../../shared/domain/indicator-runs/reads.ts';
import { type IndicatorItem, indicatorNames } from '../../shared/domain/indicators/compute.ts';
import type { Principal } from '../../shared/domain/policy.ts';
import type { Project } from '../../shared/domain/projects/schema.ts';
import { ProjectReader } from '../../shared/domain/projects/service.ts';
import { ReferenceService } from '../../shared/domain/reference/service.ts';
import { ReviewQueueReader } from '../../shared/domain/review-queue/service.ts';
import { tables } from '../../shared/tables.ts';
import { itemBytes, meterCapacity, readUnitsOf } from '../support/consumed-capacity.ts';
import { aProject } from '../unit/domain/factories.ts';

const itemCount = Number(process.env.BOUNDED_READS_ITEMS ?? 10_000);
/** Smaller partitions whose listings have no filter to go wrong with: they are bounded by their key range alone. */
const smallCount = 1_000;
const limit = 100;

const prefix = `jucip-bounded-${randomUUID().slice(0, 8)}`;
const endpoint = inject('dynamodbEndpoint');
const names = {
  projects: localTableName(tables.projects, prefix),
  metrics: localTableName(tables.metrics, prefix),
  indicators: localTableName(tables.indicators, prefix),
  reference: localTableName(tables.reference, prefix),
};
/** Clients that wait: a loaded DynamoDB Local on a busy machine answers a batch in seconds, not milliseconds. */
function patientClient(): DynamoDBDocumentClient {
  const base = new DynamoDBClient({
    endpoint,
    region: 'local',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 5,
    requestHandler: { connectionTimeout: 5_000, requestTimeout: 120_000 },
  });
  return DynamoDBDocumentClient.from(base, { marshallOptions: { removeUndefinedValues: true } });
}
const loader = patientClient();
const reading = patientClient();
const meter = meterCapacity(reading);

const runs = new DynamoIndicatorRunStore(reading, names.indicators);
const indicators = new IndicatorReader(runs);
const projects = new ProjectReader(new DynamoProjectRepository(reading, names.projects));
const metrics = new DynamoMetricsRepository(reading, names.metrics);
const reference = new ReferenceService({
  repository: new DynamoReferenceRepository(reading, names.reference),
  now: () => '2026-06-15T10:00:00.000Z',
});

const reviewQueue = new ReviewQueueReader({
  queue: new DynamoReviewQueue(reading, { projects: names.projects, metrics: names.metrics }),
  now: () => '2026-06-15T10:00:00.000Z',
});

const viewer: Principal = { subject: 'viewer', roles: ['viewer'] };
const submitter: Principal = { subject: 'submitter', roles: ['submitter'], orgId: 'org-bounded-own' };
const reviewer: Principal = { subject: 'reviewer', roles: ['reviewer'] };

/** The largest item of each kind loaded: bounds are computed from it. */
const largest = {
  indicatorItem: 0,
  project: 0,
  audit: 0,
  report: 0,
  fxRate: 0,
  run: 0,
  queuedProject: 0,
  queuedReport: 0,
};
const loadSeconds: Record<string, number> = {};
const measured: string[] = [];
let runId = '';
let historyProjectId = '';
let metricsProjectId = '';

/** Writes items with parallel `BatchWriteItem` calls of 25, retrying what DynamoDB leaves unprocessed. */
async function load(tableName: string, items: readonly Record<string, unknown>[], parallel = 4) {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const batch = items.slice(next, next + 25);
      next += 25;
      let requests = batch.map((Item) => ({ PutRequest: { Item } }));
      for (let attempt = 0; requests.length > 0; attempt++) {
        if (attempt > 10) throw new Error('DynamoDB Local left items unprocessed');
        const { UnprocessedItems } = await loader.send(
          new BatchWriteCommand({ RequestItems: { [tableName]: requests } }),
        );
        requests = (UnprocessedItems?.[tableName] ?? []) as typeof requests;
      }
    }
  };
  await Promise.all(Array.from({ length: parallel }, worker));
}

async function timed(name: string, action: () => Promise<void>) {
  const started = performance.now();
  await action();
  loadSeconds[name] = Math.round((performance.now() - started) / 100) / 10;
}

const hostCountries = ['JP', 'US', 'GB', 'DE', 'FR', 'IN', 'VN', 'ID'];
const technologies = ['solar_pv', 'wind_onshore', 'wind_offshore', 'hydrogen', 'storage'] as const;

/** One run's indicator items: months, quarters and years of many periods, each in many slice keys. */
function indicatorItems(count: number): IndicatorItem[] {
  const items: IndicatorItem[] = [];
  for (let i = 0; items.length < count; i++) {
    const year = 2000 + (i % 25);
    const month = String((Math.floor(i / 25) % 12) + 1).padStart(2, '0');
    const [granularity, period] =
      i % 10 === 0 ? (['year', String(year)] as const) : (['month', `${year}-${month}`] as const);
    items.push({
      granularity,
      period,
      slice: i % 3 === 0 ? 'host_country' : 'technology',
      key: `k${String(i).padStart(7, '0')}`,
      indicators: Object.fromEntries(
        indicatorNames.map((name, n) => [
          name,
          name === 'projects_by_status'
            ? { announced: i % 3, construction: i % 5, operating: i % 7 }
            : ((i * (n + 1)) % 9973) * 1.25,
        ]),
      ) as IndicatorItem['indicators'],
    });
  }
  return items;
}

beforeAll(async () => {
  const admin = new DynamoDBClient({
    endpoint,
    region: 'local',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  await ensureTables(admin, prefix);
  admin.destroy();

  await timed(`${itemCount} indicator items`, async () => {
    runId = monotonicFactory()();
    const writer = new DynamoIndicatorRunStore(loader, names.indicators);
    await writer.start({ runId, state: 'running', trigger: 'manual', startedAt: '2026-06-15T09:00:00.000Z' });
    const items = indicatorItems(itemCount);
    await load(
      names.indicators,
      items.map((item) => {
        const stored = {
          pk: `RUN#${runId}`,
          sk: `ITEM#${item.granularity}#${item.period}#${item.slice}#${item.key}`,
          entity: 'indicator_item',
          granularity: item.granularity,
          period: item.period,
          slice: item.slice,
          key: item.key,
          indicatorsJson: JSON.stringify(item.indicators),
        };
        largest.indicatorItem = Math.max(largest.indicatorItem, itemBytes(stored));
        return stored;
      }),
    );
    await writer.claim(runId, 'load', '2026-06-15T09:00:00.000Z', '2026-06-15T09:30:00.000Z');
    await writer.publish(
      {
        runId,
        state: 'published',
        trigger: 'manual',
        startedAt: '2026-06-15T09:00:00.000Z',
        finishedAt: '2026-06-15T09:10:00.000Z',
      },
      'load',
    );
  });

  await timed(`${itemCount} accepted projects`, async () => {
    const newId = monotonicFactory();
    const template = aProject({ reviewState: 'accepted' });
    // The one project a viewer's rare filter matches is the oldest: a walk would read everything first.
    const rare: Project = {
      ...template,
      id: newId(),
      technology: 'geothermal',
      hostCountry: 'AU',
      orgId: 'org-rare',
    };
    const items = [projectItem(rare)];
    for (let i = 1; i < itemCount; i++) {
      items.push(
        projectItem({
          ...template,
          id: newId(),
          orgId: i % 50 === 0 ? (submitter.orgId ?? '') : `org-${i % 400}`,
          hostCountry: hostCountries[i % hostCountries.length] ?? 'JP',
          technology: technologies[i % technologies.length] ?? 'solar_pv',
        }),
      );
    }
    for (const item of items) largest.project = Math.max(largest.project, itemBytes(item));
    await load(names.projects, items);
  });

  await timed(`${smallCount} audit entries, reports, FX rates and runs`, async () => {
    const project = aProject({ reviewState: 'accepted', id: monotonicFactory()() });
    historyProjectId = project.id;
    metricsProjectId = project.id;
    const audits = Array.from({ length: smallCount }, (_, i) => ({
      pk: `PROJECT#${project.id}`,
      sk: `AUDIT#${String(i + 1).padStart(8, '0')}`,
      entity: 'audit',
      projectId: project.id,
      version: i + 1,
      action: 'updated',
      actor: 'submitter',
      at: '2026-01-01T00:00:00.000Z',
      changes: ['name'],
    }));
    const reports = Array.from({ length: smallCount }, (_, i) => {
      const period = `${1900 + Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`;
      return {
        pk: `PROJECT#${project.id}`,
        sk: `LATEST#${period}`,
        entity: 'report_latest',
        projectId: project.id,
        period,
        revision: 1,
        version: 1,
        projectTco2e: 10,
        baselineTco2e: 30,
        reductionsTco2e: 20,
        verification: { state: 'pending' },
      };
    });
    const fxRates = Array.from({ length: smallCount }, (_, i) => {
      const currency = `C${String(Math.floor(i / 100)).padStart(2, '0')}`;
      const year = 1950 + (i % 100);
      return {
        pk: `FX#${currency}`,
        sk: `YEAR#${year}`,
        entity: 'fx_rate',
        gsi1pk: 'FX',
        gsi1sk: `${currency}#${year}`,
        currency,
        year,
        usdPerUnit: 0.01,
        source: 'test',
        version: 1,
      };
    });
    const newRunId = monotonicFactory();
    const runItems = Array.from({ length: smallCount }, () => {
      const id = newRunId();
      return {
        pk: `RUN#${id}`,
        sk: 'META',
        entity: 'run',
        gsi1pk: 'RUNS',
        gsi1sk: id,
        runId: id,
        state: 'failed',
        trigger: 'schedule',
        startedAt: '2026-01-01T00:00:00.000Z',
        failure: 'test',
      };
    });
    // What waits for review: submitted projects and self-reported latest reports, in their sparse
    // queue indexes, none of them of the organisation the rare filter asks for.
    const newQueuedId = monotonicFactory();
    const queuedProjects = Array.from({ length: smallCount }, (_, i) =>
      projectItem({
        ...aProject({ reviewState: 'submitted' }),
        id: newQueuedId(),
        orgId: `org-${i % 40}`,
        hostCountry: hostCountries[i % hostCountries.length] ?? 'JP',
        updatedAt: new Date(Date.UTC(2026, 0, 1, 0, i)).toISOString(),
      }),
    );
    const queuedReports = Array.from({ length: smallCount }, (_, i) => {
      const projectId = newQueuedId();
      const submittedAt = new Date(Date.UTC(2026, 0, 1, 0, i, 30)).toISOString();
      return {
        pk: `PROJECT#${projectId}`,
        sk: 'LATEST#2025-12',
        entity: 'report_latest',
        gsi1pk: 'QUEUE',
        gsi1sk: `${submittedAt}#report#${projectId}#2025-12`,
        queueHostCountry: hostCountries[i % hostCountries.length] ?? 'JP',
        projectId,
        period: '2025-12',
        revision: 1,
        version: 1,
        projectTco2e: 10,
        baselineTco2e: 30,
        reductionsTco2e: 20,
        verification: { state: 'self_reported' },
        submittedAt,
        submittedBy: 'submitter',
        orgId: `org-${i % 40}`,
      };
    });
    largest.queuedProject = Math.max(...queuedProjects.map(itemBytes));
    largest.queuedReport = Math.max(...queuedReports.map(itemBytes));
    await load(names.projects, queuedProjects);
    await load(names.metrics, queuedReports);
    largest.audit = Math.max(...audits.map(itemBytes));
    largest.report = Math.max(...reports.map(itemBytes));
    largest.fxRate = Math.max(...fxRates.map(itemBytes));
    largest.run = Math.max(...runItems.map(itemBytes));
    await load(names.projects, [projectItem(project), ...audits]);
    await load(names.metrics, reports);
    await load(names.reference, fxRates);
    await load(names.indicators, runItems);
  });
}, 600_000);

afterAll(() => {
  console.info(
    [
      `Bounded reads on DynamoDB Local, ${itemCount} items per large partition; load: ${JSON.stringify(loadSeconds)} s`,
      ...measured,
    ].join('\n  '),
  );
  loader.destroy();
  reading.destroy();
});

/** The bound of a listing: `limit + 1` of the largest items from each partition it reads, plus its point reads. */
function bound(itemSize: number, partitions: number, pointReads: number, consistent = false): number {
  return partitions * readUnitsOf((limit + 1) * itemSize, consistent) + pointReads;
}

async function expectBounded<T>(name: string, maximum: number, action: () => Promise<T>): Promise<T> {
  const { result, readUnits, calls } = await meter.measure(action);
  measured.push(`${name}: ${readUnits} read units in ${calls} calls (bound ${maximum})`);
  expect(readUnits).toBeGreaterThan(0);
  expect(readUnits).toBeLessThanOrEqual(maximum);
  return result;
}

describe(`bounded reads on ${itemCount} items`, () => {
  // Two consistent point reads (the latest pointer, the run) before the items.
  const indicatorBound = () => bound(largest.indicatorItem, 1, 2);

  it.each([
    ['an unknown key', { key: 'no-such-key' }],
    ['a period outside the data', { period: '1999-01' }],
    ['a slice and an unknown key, no granularity', { slice: 'program', key: 'no-such-key' }],
    [
      'a granularity, slice and unknown key',
      { granularity: 'month', slice: 'technology', key: 'no-such-key' },
    ],
    ['no filter', {}],
  ])('GET /indicators with %s reads one bounded page', async (name, filters) => {
    const page = await expectBounded(`GET /indicators, ${name}`, indicatorBound(), () =>
      indicators.latest(filters, limit, undefined, 'public'),
    );

    expect(page.items.length).toBeLessThanOrEqual(limit);
  });

  it('answers a short page with a cursor for a rare key, and the cursor goes on within the bound', async () => {
    const first = await indicators.latest({ key: 'k0000007' }, limit, undefined, 'public');
    expect(first.items).toEqual([]);
    expect(first.nextCursor).not.toBeNull();

    const second = await expectBounded('GET /indicators, an unknown key, next page', indicatorBound(), () =>
      indicators.latest({ key: 'k0000007' }, limit, first.nextCursor ?? undefined, 'public'),
    );
    expect(second.runId).toBe(runId);
  });

  it('finds the one item of a rare key by following the cursors, each page bounded', async () => {
    const wanted = 'k0000003';
    const found: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const { result, readUnits } = await meter.measure(() =>
        indicators.latest({ key: wanted }, limit, cursor, 'public'),
      );
      expect(readUnits).toBeLessThanOrEqual(indicatorBound());
      found.push(...result.items.map((item) => item.key));
      cursor = result.nextCursor ?? undefined;
      pages += 1;
    } while (cursor && pages <= itemCount / limit + 1);

    expect(found).toEqual([wanted]);
  }, 600_000);

  it('GET /indicators/runs/{runId} reads one bounded page', async () => {
    await expectBounded('GET /indicators/runs/{runId}', bound(largest.indicatorItem, 1, 1), () =>
      indicators.run(runId, limit, undefined, 'public'),
    );
  });

  it('GET /indicators/runs reads one bounded page', async () => {
    // One query of the runs, and the latest pointer (which run is kept as the latest, for retention).
    await expectBounded('GET /indicators/runs', bound(largest.run, 1, 1), () => indicators.list(limit));
  });

  it.each([
    [
      'a viewer, rare technology and host country',
      viewer,
      { technology: 'geothermal', hostCountry: 'AU' },
      1,
    ],
    [
      'a submitter (two partitions), rare filters',
      submitter,
      { technology: 'geothermal', hostCountry: 'AU' },
      2,
    ],
    ['a reviewer, a program no project has', reviewer, { program: 'j_bridge', status: 'retired' }, 1],
    ['a viewer, no filter', viewer, {}, 1],
  ] as const)(
    'GET /projects as %s reads one bounded page per partition',
    async (name, principal, filters, partitions) => {
      const page = await expectBounded(`GET /projects, ${name}`, bound(largest.project, partitions, 0), () =>
        projects.list(principal, { filters, limit }),
      );

      expect(page.items.length).toBeLessThanOrEqual(limit);
    },
  );

  it('GET /projects/{id}/history reads one bounded page', async () => {
    // One consistent read of the project (visibility), then the audit page.
    await expectBounded(
      'GET /projects/{id}/history',
      bound(largest.audit, 1, readUnitsOf(largest.project, true)),
      () => projects.history(reviewer, historyProjectId, limit),
    );
  });

  it('GET /projects/{id}/metrics reads one bounded page', async () => {
    await expectBounded('GET /projects/{id}/metrics', bound(largest.report, 1, 0, true), () =>
      metrics.list(metricsProjectId, { from: '1900-01', to: '2100-12', limit }),
    );
  });

  it.each([
    ['no filter', {}],
    ['an organisation with nothing waiting', { orgId: 'org-rare' }],
    ['an organisation and a host country with nothing waiting', { orgId: 'org-rare', hostCountry: 'AU' }],
    ['reports of a host country with nothing waiting', { kind: 'report', hostCountry: 'AU' }],
  ] as const)('GET /review-queue with %s reads one bounded page per kind', async (name, filters) => {
    const reads = (filters as { kind?: string }).kind === 'report' ? 0 : 1;
    const maximum = bound(largest.queuedProject, reads, 0) + bound(largest.queuedReport, 1, 0);
    const page = await expectBounded(`GET /review-queue, ${name}`, maximum, () =>
      reviewQueue.list(reviewer, { filters, limit }),
    );

    expect(page.items.length).toBeLessThanOrEqual(limit);
    if (Object.keys(filters).length > 0) {
      expect(page.items).toEqual([]);
      expect(page.nextCursor).not.toBeNull();
    }
  });

  it('GET /fx-rates reads one bounded page', async () => {
    await expectBounded('GET /fx-rates', bound(largest.fxRate, 1, 0), () => reference.listFxRates(limit));
  });

  it('costs far less than walking the run partition, which a filter without a bound would do', async () => {
    const { readUnits: page } = await meter.measure(() =>
      indicators.latest({ key: 'no-such-key' }, limit, undefined, 'public'),
    );
    const { readUnits: walk } = await meter.measure(async () => {
      let startKey: Record<string, unknown> | undefined;
      do {
        const result = await reading.send(
          new QueryCommand({
            TableName: names.indicators,
            KeyConditionExpression: 'pk = :pk AND begins_with(sk, :item)',
            FilterExpression: '#key = :key',
            ExpressionAttributeNames: { '#key': 'key' },
            ExpressionAttributeValues: { ':pk': `RUN#${runId}`, ':item': 'ITEM#', ':key': 'no-such-key' },
            ...(startKey ? { ExclusiveStartKey: startKey } : {}),
          }),
        );
        startKey = result.LastEvaluatedKey;
      } while (startKey);
    });
    measured.push(`walking the run partition for an unknown key instead: ${walk} read units`);

    expect(page * 20).toBeLessThan(walk);
  }, 600_000);
});
