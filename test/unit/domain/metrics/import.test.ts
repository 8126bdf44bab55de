import { describe, expect, it } from 'vitest';
import { ForbiddenError, ValidationError } from '../../../../shared/domain/errors.ts';
import {
  checkMetricsCsvHeader,
  importMetricReports,
  type MetricsImportRow,
  maxMetricsImportRows,
  metricsCsvColumnOf,
  metricsImportColumns,
  metricsRowFromCsvRecord,
} from '../../../../shared/domain/metrics/import.ts';
import { verifyReport } from '../../../../shared/domain/metrics/report.ts';
import { MetricsService } from '../../../../shared/domain/metrics/service.ts';
import type { Principal } from '../../../../shared/domain/policy.ts';
import { createProject } from '../../../../shared/domain/projects/project.ts';
import type { Project } from '../../../../shared/domain/projects/schema.ts';
import type { EmissionFactor } from '../../../../shared/domain/reference/emission-factors.ts';
import { parseCsv, toCsv } from '../../../../shared/http/csv.ts';
import { InMemoryDocumentRepository } from '../../../support/in-memory-documents.ts';
import { InMemoryMetricsRepository } from '../../../support/in-memory-metrics.ts';
import { InMemoryProjectRepository } from '../../../support/in-memory-projects.ts';
import { aContext, anAdmin, aProjectInput, aReviewer, aSubmitter, now } from '../factories.ts';
import { aFactor, aReportInput, historyOf } from './metric-factories.ts';

const ownOrg = 'org-kansai-energy';

/** An import over in-memory stores, with one project of the caller's organisation and one of another. */
async function anImport(options: { factors?: EmissionFactor[] } = {}) {
  const projects = new InMemoryProjectRepository();
  const metrics = new InMemoryMetricsRepository();
  const factorLookups: string[] = [];
  const factors = new Map((options.factors ?? [aFactor()]).map((f) => [f.id, f]));
  const reference = {
    factor: async (id: string) => {
      factorLookups.push(id);
      return factors.get(id);
    },
  };
  let issued = 0;
  const newId = () => `01JXKQ${String(++issued).padStart(20, '0')}`;
  const addProject = async (orgId: string, ref: string): Promise<Project> => {
    const { project, audit } = createProject(
      aProjectInput({
        status: 'construction',
        statusEffectiveDate: '2024-03-10',
        externalRefs: [{ system: 'other', id: ref }],
      }),
      aContext({ principal: aSubmitter({ orgId }), newId }),
    );
    const stored = { ...project, statusHistory: historyOf(['construction', '2024-03-10']) };
    await projects.create(stored, audit);
    return stored;
  };
  const own = await addProject(ownOrg, 'OWN-1');
  const other = await addProject('org-elsewhere', 'OTHER-1');
  const service = new MetricsService({
    projects,
    metrics,
    reference,
    documents: new InMemoryDocumentRepository(projects),
    now: () => now,
  });
  const deps = { service, projects, metrics, reference };
  const run = (rows: readonly unknown[], principal: Principal = aSubmitter()) =>
    importMetricReports(
      deps,
      principal,
      rows.map((body): MetricsImportRow => ({ body })),
    );
  return { projects, metrics, factorLookups, own, other, deps, run, addProject };
}

const aRow = (projectId: string, period: string, overrides: Record<string, unknown> = {}) => ({
  projectId,
  period,
  ...aReportInput(),
  ...overrides,
});

describe('importMetricReports', () => {
  it('creates revision 1 of each new month and counts the outcomes', async () => {
    const { run, own, metrics } = await anImport();

    const result = await run([aRow(own.id, '2025-01'), aRow(own.id, '2025-02')]);

    expect(result.results).toEqual([
      { row: 1, outcome: 'created', projectId: own.id, period: '2025-01', revision: 1 },
      { row: 2, outcome: 'created', projectId: own.id, period: '2025-02', revision: 1 },
    ]);
    expect(result.counts).toEqual({ created: 2, restated: 0, unchanged: 0, rejected: 0 });
    expect((await metrics.latest(own.id, '2025-02'))?.reductionsTco2e).toBe(437.5);
  });

  it('answers unchanged for a row equal to the latest revision, and writes nothing', async () => {
    const { run, own, metrics } = await anImport();
    await run([aRow(own.id, '2025-01')]);
    const written = metrics.calls.reportsWritten;

    const again = await run([aRow(own.id, '2025-01')]);

    expect(again.results).toEqual([
      { row: 1, outcome: 'unchanged', projectId: own.id, period: '2025-01', revision: 1 },
    ]);
    expect(metrics.calls.reportsWritten).toBe(written);
    expect(metrics.revisionsOf(own.id, '2025-01')).toHaveLength(1);
  });

  it('restates a month whose figures differ: revision n + 1, back to self_reported', async () => {
    const { run, own, metrics } = await anImport();
    await run([aRow(own.id, '2025-01')]);
    const first = await metrics.latest(own.id, '2025-01');
    if (!first) throw new Error('not stored');
    const verified = verifyReport(
      first,
      { decision: 'verified', comment: 'Meter export checked' },
      {
        principal: aReviewer(),
        now,
      },
    );
    await metrics.replace(first, verified);

    const result = await run([aRow(own.id, '2025-01', { generationMwh: 1_100 })]);

    expect(result.results[0]).toMatchObject({ outcome: 'restated', revision: 2 });
    const latest = await metrics.latest(own.id, '2025-01');
    expect(latest).toMatchObject({ revision: 2, version: 3, generationMwh: 1_100 });
    expect(latest?.verification).toEqual({ state: 'self_reported' });
    expect(metrics.revisionsOf(own.id, '2025-01').map((r) => r.revision)).toEqual([1, 2]);
  });

  it('rejects a bad row by its number, naming every bad field, and applies the others', async () => {
    const { run, own, metrics } = await anImport();

    const result = await run([
      aRow(own.id, '2025-01'),
      aRow(own.id, '2025-02', { dataQuality: 9, leakageTco2e: -1 }),
      aRow(own.id, '2025-03'),
    ]);

    expect(result.counts).toEqual({ created: 2, restated: 0, unchanged: 0, rejected: 1 });
    expect(result.results[1]).toEqual({
      row: 2,
      outcome: 'rejected',
      projectId: own.id,
      period: '2025-02',
      errors: [
        { path: 'dataQuality', message: 'Must be a whole number from 1 to 5' },
        { path: 'leakageTco2e', message: 'Must not be negative' },
      ],
    });
    expect(await metrics.latest(own.id, '2025-02')).toBeUndefined();
    expect(await metrics.latest(own.id, '2025-03')).toBeDefined();
  });

  it('applies the single-report rules that need the project and today: a future month is rejected', async () => {
    const { run, own } = await anImport();

    const result = await run([aRow(own.id, '2025-07'), aRow(own.id, '2022-01')]);

    expect(result.results.map((r) => r.errors?.map((e) => e.path))).toEqual([['period'], ['period']]);
  });

  it('finds a project by its external reference', async () => {
    const { run, own } = await anImport();
    const { projectId: _, ...report } = aRow(own.id, '2025-04');

    const result = await run([{ ...report, externalRef: { system: 'other', id: 'OWN-1' } }]);

    expect(result.results[0]).toMatchObject({ outcome: 'created', projectId: own.id, period: '2025-04' });
  });

  it('answers a project of another organisation exactly like one that does not exist', async () => {
    const { run, other, metrics } = await anImport();
    const { projectId: _, ...report } = aRow(other.id, '2025-04');

    const result = await run([
      aRow(other.id, '2025-04'),
      aRow('01JXKQ99999999999999999999', '2025-04'),
      { ...report, externalRef: { system: 'other', id: 'OTHER-1' } },
      { ...report, externalRef: { system: 'other', id: 'NOBODY' } },
    ]);

    const [byOtherId, byUnknownId, byOtherRef, byUnknownRef] = result.results;
    expect(byOtherId).toEqual({ ...byUnknownId, row: 1 });
    expect(byOtherRef).toEqual({ ...byUnknownRef, row: 3 });
    expect(byOtherRef?.projectId).toBeUndefined();
    expect(byOtherRef?.errors).toEqual([
      { path: 'externalRef', message: 'No project you may report for has this external reference' },
    ]);
    expect(await metrics.latest(other.id, '2025-04')).toBeUndefined();
  });

  it('lets an admin report for any organisation’s project', async () => {
    const { run, other } = await anImport();

    const result = await run([aRow(other.id, '2025-04')], anAdmin());

    expect(result.results[0]?.outcome).toBe('created');
  });

  it('rejects the later rows for a project and month already in the file, naming the first', async () => {
    const { run, own, metrics } = await anImport();
    const { projectId: _, ...report } = aRow(own.id, '2025-05', { generationMwh: 5 });

    const result = await run([
      aRow(own.id, '2025-05'),
      aRow(own.id, '2025-06'),
      { ...report, externalRef: { system: 'other', id: 'OWN-1' } },
    ]);

    expect(result.results.map((r) => r.outcome)).toEqual(['created', 'created', 'rejected']);
    expect(result.results[2]?.errors).toEqual([
      { path: 'period', message: expect.stringContaining('Row 1 already reports') },
    ]);
    expect((await metrics.latest(own.id, '2025-05'))?.generationMwh).toBe(1_000);
  });

  it('rejects a row whose month changed between the read and the write, and writes the others', async () => {
    const { run, own, metrics, deps } = await anImport();
    await run([aRow(own.id, '2025-01')]);
    metrics.onBeforeWrite = async () => {
      // A single PUT restates January while the import is between its reads and its writes.
      await deps.service.put(aSubmitter(), own.id, '2025-01', aReportInput({ generationMwh: 1_500 }), 1);
    };

    const result = await run([aRow(own.id, '2025-01', { generationMwh: 1_100 }), aRow(own.id, '2025-02')]);

    expect(result.results[0]).toMatchObject({
      row: 1,
      outcome: 'rejected',
      errors: [{ path: 'period', message: expect.stringContaining('changed while the import ran') }],
    });
    expect(result.results[1]?.outcome).toBe('created');
    expect(await metrics.latest(own.id, '2025-01')).toMatchObject({ revision: 2, generationMwh: 1_500 });
  });

  it('rejects a first report when another one for the month appeared meanwhile', async () => {
    const { run, own, metrics, deps } = await anImport();
    metrics.onBeforeWrite = async () => {
      await deps.service.put(aSubmitter(), own.id, '2025-03', aReportInput(), undefined);
    };

    const result = await run([aRow(own.id, '2025-03', { generationMwh: 2 })]);

    expect(result.results[0]?.outcome).toBe('rejected');
    expect((await metrics.latest(own.id, '2025-03'))?.generationMwh).toBe(1_000);
  });

  it('rejects rows that name no project, or two ways at once, or are not objects', async () => {
    const { run, own } = await anImport();
    const { projectId: _, ...report } = aRow(own.id, '2025-01');

    const result = await run([
      report,
      { ...report, projectId: own.id, externalRef: { system: 'other', id: 'OWN-1' } },
      'not a row',
      { ...report, projectId: own.id, period: '2025-13' },
    ]);

    expect(result.results.map((r) => r.errors?.map((e) => e.path))).toEqual([
      ['projectId'],
      ['projectId'],
      [''],
      ['period'],
    ]);
  });

  it('looks each emission factor up once, however many rows use it', async () => {
    const { run, own, factorLookups } = await anImport();
    const rows = ['2025-01', '2025-02', '2025-03'].map((period) =>
      aRow(own.id, period, { baseline: { method: 'grid_factor', factorId: 'jp-national-2023' } }),
    );

    const result = await run(rows);

    expect(result.counts.created).toBe(3);
    expect(factorLookups).toEqual(['jp-national-2023']);
  });

  it('refuses an empty import and one over the row limit before reading anything', async () => {
    const { run, own, metrics } = await anImport();
    const tooMany = Array.from({ length: maxMetricsImportRows + 1 }, () => aRow(own.id, '2025-01'));

    await expect(run([])).rejects.toThrow(ValidationError);
    await expect(run(tooMany)).rejects.toMatchObject({
      errors: [{ path: 'rows', message: expect.stringContaining(String(maxMetricsImportRows)) }],
    });
    expect(metrics.calls.latestMany).toBe(0);
  });

  it('takes the full row limit in one batched read and one batched write', async () => {
    const { run, addProject, metrics } = await anImport();
    // The reportable months of the projects here: 2023-03 (a year before construction) to 2025-06.
    const periods = Array.from({ length: 28 }, (_, i) => {
      const month = new Date(Date.UTC(2023, 2 + i, 1));
      return month.toISOString().slice(0, 7);
    });
    const projectCount = Math.ceil(maxMetricsImportRows / periods.length);
    const many = await Promise.all(
      Array.from({ length: projectCount }, (_, i) => addProject(ownOrg, `MANY-${i}`)),
    );
    const rows = many
      .flatMap((project) => periods.map((period) => aRow(project.id, period)))
      .slice(0, maxMetricsImportRows);

    const result = await run(rows);

    expect(result.counts.created).toBe(rows.length);
    expect(metrics.calls).toMatchObject({ latestMany: 1, keysRead: rows.length, writeMany: 1 });
  });

  it('refuses callers who may not submit reports', async () => {
    const { run, own } = await anImport();

    await expect(run([aRow(own.id, '2025-01')], aReviewer())).rejects.toThrow(ForbiddenError);
    await expect(run([aRow(own.id, '2025-01')], { subject: 'v', roles: ['viewer'] })).rejects.toThrow(
      ForbiddenError,
    );
  });
});

describe('metrics import CSV', () => {
  const csvRows = (lines: Record<string, string>[]) => {
    const text = toCsv(
      metricsImportColumns,
      lines.map((line) => metricsImportColumns.map((c) => line[c] ?? '')),
    );
    const { columns, records } = parseCsv(text);
    checkMetricsCsvHeader(columns);
    return records.map((record): MetricsImportRow => {
      const body = metricsRowFromCsvRecord(record);
      return { body, columnOf: metricsCsvColumnOf(body) };
    });
  };

  it('reads a row into a report: one emission per filled gas column, numbers as numbers', () => {
    const [row] = csvRows([
      {
        externalRefSystem: 'other',
        externalRefId: 'OWN-1',
        period: '2025-01',
        generationMwh: '1000',
        tonnesCO2: '12.5',
        tonnesSF6: '0.002',
        baselineMethod: 'grid_factor',
        baselineFactorId: 'jp-national-2023',
        dataQuality: '2',
        evidenceUrls: 'https://example.org/a.pdf | https://example.org/b.pdf',
      },
    ]);

    expect(row?.body).toEqual({
      externalRef: { system: 'other', id: 'OWN-1' },
      period: '2025-01',
      generationMwh: 1000,
      projectEmissions: [
        { gas: 'CO2', tonnes: 12.5 },
        { gas: 'SF6', tonnes: 0.002 },
      ],
      baseline: { method: 'grid_factor', factorId: 'jp-national-2023' },
      dataQuality: 2,
      evidenceUrls: ['https://example.org/a.pdf', 'https://example.org/b.pdf'],
    });
  });

  it('imports CSV rows and names the columns of a rejected row’s errors', async () => {
    const { deps, own } = await anImport();
    const rows = csvRows([
      {
        projectId: own.id,
        period: '2025-01',
        tonnesCO2: '1',
        baselineMethod: 'explicit',
        baselineTco2e: '10',
        dataQuality: '1',
      },
      {
        projectId: own.id,
        period: '2025-02',
        tonnesCO2: '1',
        tonnesN2O: 'lots',
        baselineMethod: 'explicit',
        baselineTco2e: '-10',
        dataQuality: '1',
      },
      {
        externalRefSystem: 'other',
        externalRefId: 'NOBODY',
        period: '2025-01',
        baselineMethod: 'explicit',
        baselineTco2e: '1',
        dataQuality: '1',
      },
    ]);

    const result = await importMetricReports(deps, aSubmitter(), rows);

    expect(result.results[0]).toMatchObject({ row: 1, outcome: 'created' });
    expect(result.results[1]?.errors?.map((e) => e.path)).toEqual(['tonnesN2O', 'baselineTco2e']);
    expect(result.results[2]?.errors?.map((e) => e.path)).toEqual(['externalRefId']);
  });

  it('refuses a header with a column the template does not have, or without period', () => {
    expect(() => checkMetricsCsvHeader(['projectId', 'period', 'tonnesCO3'])).toThrow(
      expect.objectContaining({ errors: [{ path: 'columns.tonnesCO3', message: expect.any(String) }] }),
    );
    expect(() => checkMetricsCsvHeader(['projectId'])).toThrow(ValidationError);
  });
});
