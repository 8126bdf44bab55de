import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { ulid } from 'ulid';
import { describe, expect, it } from 'vitest';
import { documentClient } from '../../shared/adapters/dynamodb/document-client.ts';
import { DynamoMetricsRepository } from '../../shared/adapters/dynamodb/metrics-table.ts';
import { tableName } from '../../shared/config/env.ts';
import { ConflictError, VersionConflictError } from '../../shared/domain/errors.ts';
import { type MetricReport, submitReport, verifyReport } from '../../shared/domain/metrics/report.ts';
import type { MetricReportInput } from '../../shared/domain/metrics/schema.ts';
import { aProject, aReviewer, now } from '../unit/domain/factories.ts';
import { aReportInput, aSubmitContext, historyOf } from '../unit/domain/metrics/metric-factories.ts';

const repository = new DynamoMetricsRepository(documentClient, tableName('metrics'));

/** A project under construction since 2024-03-10 (months from 2023-03 to 2025-06 may be reported). */
function projectOf(id: string) {
  return aProject({
    id,
    status: 'construction',
    statusHistory: historyOf(['announced', '2022-01-01'], ['construction', '2024-03-10']),
  });
}

/** Revision 1 of a project's month, made the way the domain makes it. */
function firstReport(projectId: string, period = '2025-05', input = aReportInput()): MetricReport {
  return submitReport(input, aSubmitContext({ project: projectOf(projectId), period })).report;
}

/** The restatement of `previous` with the figures of `input`. */
function restatement(previous: MetricReport, input: Partial<MetricReportInput>): MetricReport {
  const submission = submitReport(
    aReportInput(input),
    aSubmitContext({ project: projectOf(previous.projectId), period: previous.period, previous }),
  );
  if (submission.outcome !== 'restated') throw new Error('The input restates nothing');
  return submission.report;
}

function verification(report: MetricReport): MetricReport {
  return verifyReport(
    report,
    { decision: 'verified', comment: 'Checked against meter data' },
    {
      principal: aReviewer(),
      now,
    },
  );
}

/** Revision 1 of a fresh project's month, stored. */
async function stored(period = '2025-05', input = aReportInput()): Promise<MetricReport> {
  const report = firstReport(ulid(), period, input);
  await repository.create(report);
  return report;
}

async function rejectionOf(action: Promise<unknown>): Promise<unknown> {
  try {
    await action;
  } catch (error) {
    return error;
  }
  throw new Error('Expected the call to be refused');
}

async function rawItem(pk: string, sk: string) {
  const { Item } = await documentClient.send(
    new GetCommand({ TableName: tableName('metrics'), Key: { pk, sk }, ConsistentRead: true }),
  );
  return Item;
}

const periods = (reports: readonly MetricReport[]) => reports.map((r) => r.period);

describe('DynamoMetricsRepository on DynamoDB Local', () => {
  describe('create, latest and revision', () => {
    it('answers exactly the report it stored, as the latest and as revision 1, without key attributes', async () => {
      const report = firstReport(ulid());

      await repository.create(report);

      const latest = await repository.latest(report.projectId, report.period);
      const revision = await repository.revision(report.projectId, report.period, 1);
      expect(latest).toStrictEqual(report);
      expect(revision).toStrictEqual(report);
      for (const read of [latest, revision]) {
        expect(Object.keys(read ?? {})).not.toEqual(
          expect.arrayContaining([expect.stringMatching(/^(pk|sk|entity|gsi\d(pk|sk))$/)]),
        );
      }
    });

    it('keys the revision under REV# and the latest copy under LATEST#, only the waiting latest copy in the review queue', async () => {
      const report = await stored('2024-11');
      const pk = `PROJECT#${report.projectId}`;

      const revision = await rawItem(pk, 'REV#2024-11#00000001');
      expect(revision).toMatchObject({ entity: 'report_revision' });
      expect(revision).not.toHaveProperty('gsi1pk');
      const latest = await rawItem(pk, 'LATEST#2024-11');
      expect(latest).toMatchObject({
        entity: 'report_latest',
        gsi1pk: 'QUEUE',
        gsi1sk: `${report.submittedAt}#report#${report.projectId}#2024-11`,
      });
    });

    it('keeps the host country it is given beside a waiting report, and leaves the queue on a decision', async () => {
      const report = firstReport(ulid(), '2024-10');
      const pk = `PROJECT#${report.projectId}`;
      await repository.create(report, { owner: { hostCountry: 'VN' } });
      expect(await rawItem(pk, 'LATEST#2024-10')).toMatchObject({ gsi1pk: 'QUEUE', queueHostCountry: 'VN' });
      expect(await repository.latest(report.projectId, '2024-10')).toStrictEqual(report);

      await repository.replace(report, verification(report), { owner: { hostCountry: 'VN' } });

      const decided = await rawItem(pk, 'LATEST#2024-10');
      expect(decided).not.toHaveProperty('gsi1pk');
      expect(decided).not.toHaveProperty('gsi1sk');
      expect(decided).not.toHaveProperty('queueHostCountry');
    });

    it('still reads and lists a latest item written with the old REPORTS index key, and drops the key on its next write', async () => {
      const report = firstReport(ulid());
      const pk = `PROJECT#${report.projectId}`;
      const old = {
        pk,
        sk: `LATEST#${report.period}`,
        entity: 'report_latest',
        gsi1pk: 'REPORTS',
        gsi1sk: `${report.projectId}#${report.period}`,
        ...report,
      };
      await documentClient.send(new PutCommand({ TableName: tableName('metrics'), Item: old }));
      await documentClient.send(
        new PutCommand({
          TableName: tableName('metrics'),
          Item: { pk, sk: `REV#${report.period}#00000001`, entity: 'report_revision', ...report },
        }),
      );

      expect(await repository.latest(report.projectId, report.period)).toStrictEqual(report);
      expect((await repository.list(report.projectId, { limit: 10 })).reports).toStrictEqual([report]);
      const restated = restatement(report, { generationMwh: 900 });
      await repository.replace(report, restated);
      expect(await rawItem(pk, `LATEST#${report.period}`)).toMatchObject({ gsi1pk: 'QUEUE' });
      expect(await repository.latest(report.projectId, report.period)).toStrictEqual(restated);
    });

    it('answers undefined for a month or revision that does not exist', async () => {
      const report = await stored();

      expect(await repository.latest(report.projectId, '2025-04')).toBeUndefined();
      expect(await repository.revision(report.projectId, report.period, 2)).toBeUndefined();
      expect(await repository.latest(ulid(), report.period)).toBeUndefined();
    });

    it('refuses a second revision 1 of the same month with ConflictError and keeps the first', async () => {
      const report = await stored();
      const second = firstReport(report.projectId, report.period, aReportInput({ dataQuality: 5 }));

      const error = await rejectionOf(repository.create(second));

      expect(error).toBeInstanceOf(ConflictError);
      expect(await repository.latest(report.projectId, report.period)).toStrictEqual(report);
      expect(await repository.revision(report.projectId, report.period, 1)).toStrictEqual(report);
    });

    it('keeps the months of one project apart', async () => {
      const may = await stored();
      const june = firstReport(may.projectId, '2025-06', aReportInput({ generationMwh: 2_000 }));

      await repository.create(june);

      expect(await repository.latest(may.projectId, '2025-05')).toStrictEqual(may);
      expect(await repository.latest(may.projectId, '2025-06')).toStrictEqual(june);
    });
  });

  describe('replace', () => {
    it('stores a restatement as the next revision, keeps revision 1 and moves the latest', async () => {
      const first = await stored();
      const second = restatement(first, { generationMwh: 1_500 });

      await repository.replace(first, second);

      expect(second).toMatchObject({ revision: 2, version: 2 });
      expect(await repository.latest(first.projectId, first.period)).toStrictEqual(second);
      expect(await repository.revision(first.projectId, first.period, 2)).toStrictEqual(second);
      expect(await repository.revision(first.projectId, first.period, 1)).toStrictEqual(first);
    });

    it('stores a verification on the same revision in both the revision and the latest copy', async () => {
      const first = await stored();
      const verified = verification(first);

      await repository.replace(first, verified);

      expect(verified).toMatchObject({ revision: 1, version: 2, verification: { state: 'verified' } });
      expect(await repository.latest(first.projectId, first.period)).toStrictEqual(verified);
      expect(await repository.revision(first.projectId, first.period, 1)).toStrictEqual(verified);
      expect(await repository.revision(first.projectId, first.period, 2)).toBeUndefined();
    });

    it('restates a verified revision as a new self_reported one and keeps the verified one readable', async () => {
      const first = await stored();
      const verified = verification(first);
      await repository.replace(first, verified);
      const second = restatement(verified, { dataQuality: 1 });

      await repository.replace(verified, second);

      expect(second).toMatchObject({ revision: 2, version: 3, verification: { state: 'self_reported' } });
      expect(await repository.latest(first.projectId, first.period)).toStrictEqual(second);
      expect(await repository.revision(first.projectId, first.period, 1)).toStrictEqual(verified);
    });

    it('refuses a restatement from a stale version with VersionConflictError and changes nothing', async () => {
      const first = await stored();
      const second = restatement(first, { generationMwh: 1_500 });
      await repository.replace(first, second);
      const stale = restatement(first, { generationMwh: 9_999 });

      const error = await rejectionOf(repository.replace(first, stale));

      expect(error).toBeInstanceOf(VersionConflictError);
      expect(await repository.latest(first.projectId, first.period)).toStrictEqual(second);
      expect(await repository.revision(first.projectId, first.period, 2)).toStrictEqual(second);
      expect(await repository.revision(first.projectId, first.period, 1)).toStrictEqual(first);
    });

    it('refuses a verification from a stale version with VersionConflictError and changes nothing', async () => {
      const first = await stored();
      const verified = verification(first);
      await repository.replace(first, verified);
      const rejected = verifyReport(
        first,
        { decision: 'rejected', comment: 'Meter data missing' },
        {
          principal: aReviewer({ subject: 'another-reviewer' }),
          now,
        },
      );

      const error = await rejectionOf(repository.replace(first, rejected));

      expect(error).toBeInstanceOf(VersionConflictError);
      expect(await repository.latest(first.projectId, first.period)).toStrictEqual(verified);
      expect(await repository.revision(first.projectId, first.period, 1)).toStrictEqual(verified);
    });

    it('refuses to replace a month that has no report, and stores nothing', async () => {
      const first = firstReport(ulid());
      const second = restatement(first, { generationMwh: 1_500 });

      const error = await rejectionOf(repository.replace(first, second));

      expect(error).toBeInstanceOf(VersionConflictError);
      expect(await repository.latest(first.projectId, first.period)).toBeUndefined();
      expect(await repository.revision(first.projectId, first.period, 2)).toBeUndefined();
    });

    it('lets exactly one of ten concurrent restatements from the same version succeed', async () => {
      const first = await stored();
      const restatements = Array.from({ length: 10 }, (_, i) =>
        restatement(first, { generationMwh: 2_000 + i }),
      );

      const outcomes = await Promise.allSettled(restatements.map((next) => repository.replace(first, next)));

      const succeeded = outcomes.flatMap((o, i) => (o.status === 'fulfilled' ? [restatements[i]] : []));
      const refused = outcomes.flatMap((o) => (o.status === 'rejected' ? [o.reason] : []));
      expect(succeeded).toHaveLength(1);
      expect(refused).toHaveLength(9);
      for (const reason of refused) expect(reason).toBeInstanceOf(VersionConflictError);
      expect(await repository.latest(first.projectId, first.period)).toStrictEqual(succeeded[0]);
      expect(await repository.revision(first.projectId, first.period, 2)).toStrictEqual(succeeded[0]);
      expect(await repository.revision(first.projectId, first.period, 3)).toBeUndefined();
    });

    it('lets exactly one of ten concurrent verifications from the same version succeed', async () => {
      const first = await stored();
      const decisions = Array.from({ length: 10 }, (_, i) =>
        verifyReport(
          first,
          { decision: i % 2 ? 'verified' : 'rejected', comment: `Decision ${i}` },
          {
            principal: aReviewer({ subject: `reviewer-${i}` }),
            now,
          },
        ),
      );

      const outcomes = await Promise.allSettled(decisions.map((next) => repository.replace(first, next)));

      const succeeded = outcomes.flatMap((o, i) => (o.status === 'fulfilled' ? [decisions[i]] : []));
      const refused = outcomes.flatMap((o) => (o.status === 'rejected' ? [o.reason] : []));
      expect(succeeded).toHaveLength(1);
      for (const reason of refused) expect(reason).toBeInstanceOf(VersionConflictError);
      expect(await repository.latest(first.projectId, first.period)).toStrictEqual(succeeded[0]);
      expect(await repository.revision(first.projectId, first.period, 1)).toStrictEqual(succeeded[0]);
    });
  });

  describe('list', () => {
    /** Revision 1 of six months (2024-01 … 2024-06) of a fresh project, stored out of order; 2024-03 restated. */
    async function sixMonths() {
      const projectId = ulid();
      const months = ['2024-04', '2024-01', '2024-06', '2024-03', '2024-02', '2024-05'];
      const reports = new Map<string, MetricReport>();
      for (const [i, period] of months.entries()) {
        const report = firstReport(projectId, period, aReportInput({ generationMwh: 100 * (i + 1) }));
        await repository.create(report);
        reports.set(period, report);
      }
      const march = reports.get('2024-03');
      if (!march) throw new Error('2024-03 was not stored');
      const restatedMarch = restatement(march, { generationMwh: 3_333 });
      await repository.replace(march, restatedMarch);
      reports.set('2024-03', restatedMarch);
      return { projectId, reports };
    }

    it('lists the latest revision of each month from `from` to `to`, both included, oldest first', async () => {
      const { projectId, reports } = await sixMonths();

      const { reports: listed, more } = await repository.list(projectId, {
        from: '2024-02',
        to: '2024-05',
        limit: 10,
      });

      expect(periods(listed)).toEqual(['2024-02', '2024-03', '2024-04', '2024-05']);
      expect(listed).toStrictEqual(['2024-02', '2024-03', '2024-04', '2024-05'].map((p) => reports.get(p)));
      expect(listed[1]).toMatchObject({ revision: 2, generationMwh: 3_333 });
      expect(more).toBe(false);
    });

    it('lists every month without bounds, and nothing of other projects', async () => {
      const { projectId } = await sixMonths();
      await stored('2024-03');

      const { reports: listed } = await repository.list(projectId, { limit: 100 });

      expect(periods(listed)).toEqual(['2024-01', '2024-02', '2024-03', '2024-04', '2024-05', '2024-06']);
      expect(new Set(listed.map((r) => r.projectId))).toEqual(new Set([projectId]));
    });

    it('pages with afterPeriod, answering each month exactly once', async () => {
      const { projectId } = await sixMonths();
      const pages: string[][] = [];
      let afterPeriod: string | undefined;
      let more = true;

      while (more && pages.length < 10) {
        const page = await repository.list(projectId, {
          from: '2024-02',
          limit: 2,
          ...(afterPeriod === undefined ? {} : { afterPeriod }),
        });
        pages.push(periods(page.reports));
        afterPeriod = page.reports.at(-1)?.period;
        more = page.more;
      }

      expect(pages).toEqual([['2024-02', '2024-03'], ['2024-04', '2024-05'], ['2024-06']]);
    });

    it('says there is more exactly when a month follows the page', async () => {
      const { projectId } = await sixMonths();

      const full = await repository.list(projectId, { from: '2024-05', to: '2024-06', limit: 2 });
      const short = await repository.list(projectId, { from: '2024-04', to: '2024-06', limit: 2 });

      expect(full.more).toBe(false);
      expect(short.more).toBe(true);
      expect(periods(short.reports)).toEqual(['2024-04', '2024-05']);
    });

    it('starts after afterPeriod even when it lies before `from`', async () => {
      const { projectId } = await sixMonths();

      const early = await repository.list(projectId, { from: '2024-04', afterPeriod: '2024-01', limit: 10 });
      const late = await repository.list(projectId, { from: '2024-02', afterPeriod: '2024-04', limit: 10 });

      expect(periods(early.reports)).toEqual(['2024-04', '2024-05', '2024-06']);
      expect(periods(late.reports)).toEqual(['2024-05', '2024-06']);
    });

    it('answers an empty page, without asking DynamoDB an invalid BETWEEN, when `from` is after `to`', async () => {
      const { projectId } = await sixMonths();

      const reversed = await repository.list(projectId, { from: '2024-05', to: '2024-02', limit: 10 });
      const pastTo = await repository.list(projectId, { to: '2024-03', afterPeriod: '2024-03', limit: 10 });

      expect(reversed).toEqual({ reports: [], more: false });
      expect(pastTo).toEqual({ reports: [], more: false });
    });

    it('answers an empty page for a project without reports or a range without any', async () => {
      const { projectId } = await sixMonths();

      expect(await repository.list(ulid(), { limit: 10 })).toEqual({ reports: [], more: false });
      expect(await repository.list(projectId, { from: '2025-01', limit: 10 })).toEqual({
        reports: [],
        more: false,
      });
    });
  });
});
