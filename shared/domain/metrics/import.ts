/**
 * Bulk monthly reports (`POST /metrics/import`): rows in, one outcome per row out. Each row is a
 * metric report, as `PUT /projects/{id}/metrics/{period}` takes it, plus the month (`period`) and the
 * project it is for: its `projectId`, or one of its external references `{system, id}`.
 *
 * A row is checked exactly as a single PUT (`MetricsService.prepareSubmission`), against the latest
 * revision this import read; what changed is stored through `MetricsBatchRepository.writeMany`,
 * conditionally on that revision still being the latest. So the If-Match a single restatement needs
 * is implied: a row whose month changed between the read and the write (a PUT or a verification
 * meanwhile) is rejected, never applied over the newer version. The rules are written for readers
 * in `docs/submit-from-your-own-system.md`.
 */

import * as z from 'zod/mini';
import { chunked, mapLimited } from '../concurrency.ts';
import { DependencyUnavailableError, DomainError, type FieldError, ValidationError } from '../errors.ts';
import { isProjectId } from '../ids.ts';
import { assertAuthorized, authorize, type Principal } from '../policy.ts';
import type { ProjectRepository } from '../projects/ports.ts';
import { type ExternalRefSystem, externalRefSystemSchema, type Project } from '../projects/schema.ts';
import { built } from '../pure.ts';
import type { EmissionFactor } from '../reference/emission-factors.ts';
import type { ReferenceRepository } from '../reference/ports.ts';
import { fieldErrorsFromZod } from '../validation.ts';
import '../zod-messages.ts';
import { gases } from './gwp.ts';
import type { MetricsBatchRepository } from './ports.ts';
import type { ReportSubmission } from './report.ts';
import {
  type MetricReport,
  type MetricReportInput,
  metricReportInputSchema,
  periodSchema,
} from './schema.ts';
import { type MetricsService, submissionEvent } from './service.ts';

/** The most rows one import may carry (more: 422 before anything is read or written). */
export const maxMetricsImportRows = 5_000;

/** Projects (and external references) looked up at once. */
const parallelLookups = 16;

/** The CSV column of one gas's tonnes, e.g. `tonnesCH4_fossil`. */
const gasColumn = (gas: string) => `tonnes${gas}`;

/** The CSV template's columns, in order. */
export const metricsImportColumns: readonly string[] = /* @__PURE__ */ built(() => [
  'projectId',
  'externalRefSystem',
  'externalRefId',
  'period',
  'generationMwh',
  ...gases.map(gasColumn),
  'baselineMethod',
  'baselineTco2e',
  'baselineFactorId',
  'leakageTco2e',
  'gwpSet',
  'methodology',
  'dataQuality',
  'evidenceUrls',
]);

export const metricsImportOutcomes = ['created', 'restated', 'unchanged', 'rejected'] as const;
export type MetricsImportOutcome = (typeof metricsImportOutcomes)[number];

/** One row's outcome. */
export interface MetricsImportRowResult {
  /** 1-based position of the row among the data rows (a CSV's header row is not counted). */
  readonly row: number;
  readonly outcome: MetricsImportOutcome;
  /** The project the row is for, once known to be one the caller may report for. */
  readonly projectId?: string;
  readonly period?: string;
  /** The month's latest revision after the row: new for `created` and `restated`, the stored one for `unchanged`. */
  readonly revision?: number;
  /** Why a `rejected` row was refused; CSV rows name columns, JSON rows field paths. */
  readonly errors?: readonly FieldError[];
}

export interface MetricsImportResult {
  readonly results: readonly MetricsImportRowResult[];
  readonly counts: Readonly<Record<MetricsImportOutcome, number>>;
}

/** A row as the transport read it: its body, and how to name its fields (CSV columns). */
export interface MetricsImportRow {
  readonly body: unknown;
  readonly columnOf?: (path: string) => string;
}

/** What the import needs besides the single-report rules. */
export interface MetricsImportDeps {
  /** The single-report rules (`prepareSubmission`). */
  readonly service: Pick<MetricsService, 'prepareSubmission'>;
  readonly projects: Pick<ProjectRepository, 'get' | 'findByExternalRef'>;
  readonly metrics: MetricsBatchRepository;
  readonly reference: Pick<ReferenceRepository, 'factor'>;
}

const externalRefLocatorSchema = /* @__PURE__ */ built(() =>
  z.strictObject({
    system: externalRefSystemSchema,
    id: z.string().check(z.trim(), z.minLength(1), z.maxLength(200)),
  }),
);

/** The fields that say which project and month a row is for; the rest of the row is the report. */
const rowLocatorShape = /* @__PURE__ */ built(() => ({
  projectId: z.optional(z.string().check(z.trim(), z.minLength(1))),
  externalRef: z.optional(externalRefLocatorSchema),
  period: periodSchema,
}));

const rowLocatorSchema = /* @__PURE__ */ built(() =>
  z.object(rowLocatorShape).check(
    z.superRefine((row, ctx) => {
      if ((row.projectId === undefined) === (row.externalRef === undefined)) {
        ctx.addIssue({
          code: 'custom',
          path: ['projectId'],
          message:
            row.projectId === undefined
              ? 'Name the project: its projectId, or one of its external references (externalRef {system, id})'
              : 'Give projectId or externalRef, not both',
        });
      }
    }),
  ),
);

/**
 * A JSON import row as one schema, for the API reference: the fields naming the project and month
 * beside those of a single report. The import checks the two parts with their own schemas, so that
 * every rule of a single report (`metricReportInputSchema`) holds for a row too.
 */
export const metricsImportRowSchema = /* @__PURE__ */ built(() =>
  z.strictObject({
    ...rowLocatorShape,
    ...metricReportInputSchema.shape,
  }),
);

type RowLocator = z.output<typeof rowLocatorSchema>;

/** One answer for a project that does not exist and one the caller may not report for (no existence leak). */
const unknownProject = (path: string): FieldError => ({
  path,
  message:
    path === 'projectId'
      ? 'No project you may report for has this id'
      : 'No project you may report for has this external reference',
});

const lostRace: FieldError = {
  path: 'period',
  message:
    'This month’s report changed while the import ran (another submission or a verification), so nothing was written for this row; read the report and import the row again if it should still replace it',
};

/** A row on its way through the import. */
interface RowState {
  readonly row: number;
  readonly columnOf: (path: string) => string;
  readonly errors: FieldError[];
  readonly locator?: RowLocator;
  readonly input?: MetricReportInput;
  project?: Project;
  previous?: MetricReport;
  submission?: ReportSubmission;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Splits a row into where it goes and what it reports, and checks both, naming every bad field. */
function parseRow(body: unknown, row: number, columnOf: (path: string) => string): RowState {
  if (!isPlainObject(body)) {
    return {
      row,
      columnOf,
      errors: [
        {
          path: '',
          message: 'Each row is an object: a metric report plus period and projectId (or externalRef)',
        },
      ],
    };
  }
  const { projectId, externalRef, period, ...report } = body;
  const locator = rowLocatorSchema.safeParse({ projectId, externalRef, period });
  const input = metricReportInputSchema.safeParse(report);
  return {
    row,
    columnOf,
    errors: [
      ...(locator.success ? [] : fieldErrorsFromZod(locator.error)),
      ...(input.success ? [] : fieldErrorsFromZod(input.error)),
    ],
    ...(locator.success ? { locator: locator.data } : {}),
    ...(input.success ? { input: input.data } : {}),
  };
}

/** Memoised by key: each distinct project, reference and factor is read once per import. */
function memo<V>(load: (key: string) => Promise<V>): (key: string) => Promise<V> {
  const cache = new Map<string, Promise<V>>();
  return (key) => {
    let value = cache.get(key);
    if (value === undefined) {
      value = load(key);
      cache.set(key, value);
    }
    return value;
  };
}

const reportKey = (projectId: string, period: string) => `${projectId}#${period}`;

/**
 * Imports monthly reports: every row is checked and its outcome decided independently; a bad row
 * never stops the others. The later of two rows for the same project and month is rejected (the file
 * is ambiguous there, and one write per month keeps each row's outcome its own).
 * @throws ValidationError when there are no rows or more than `maxMetricsImportRows`
 * @throws DependencyUnavailableError when the database is unavailable (rows already written stay;
 *   importing the same file again finishes the job, answering them `unchanged`)
 */
export async function importMetricReports(
  deps: MetricsImportDeps,
  principal: Principal,
  rows: readonly MetricsImportRow[],
): Promise<MetricsImportResult> {
  assertAuthorized(principal, 'metrics:import');
  if (rows.length === 0) throw new ValidationError([{ path: 'rows', message: 'The import has no rows' }]);
  if (rows.length > maxMetricsImportRows) {
    throw new ValidationError([
      { path: 'rows', message: `At most ${maxMetricsImportRows} rows per import; got ${rows.length}` },
    ]);
  }
  const states = rows.map(({ body, columnOf = (path: string) => path }, index) =>
    parseRow(body, index + 1, columnOf),
  );

  await resolveProjects(deps, principal, states);
  rejectRepeatedMonths(states);

  const ready = () => states.filter((s) => s.errors.length === 0 && s.project && s.locator && s.input);
  const latest = await deps.metrics.latestMany(
    ready().map((s) => ({ projectId: s.project?.id ?? '', period: s.locator?.period ?? '' })),
  );
  const latestByKey = new Map(latest.map((report) => [reportKey(report.projectId, report.period), report]));

  const factorOf = memo<EmissionFactor | undefined>((id) => deps.reference.factor(id));
  for (const state of ready()) {
    const { project, locator, input } = state as Required<Pick<RowState, 'project' | 'locator' | 'input'>>;
    const previous = latestByKey.get(reportKey(project.id, locator.period));
    if (previous) state.previous = previous;
    try {
      state.submission = await deps.service.prepareSubmission(
        principal,
        project,
        locator.period,
        input,
        previous,
        factorOf,
      );
    } catch (error) {
      // A row the rules refuse is reported and the import goes on; an outage stops it.
      if (error instanceof DependencyUnavailableError || !(error instanceof DomainError)) throw error;
      state.errors.push(
        ...(error instanceof ValidationError ? error.errors : [{ path: '', message: error.message }]),
      );
    }
  }

  const writes = ready().filter((s) => s.submission && s.submission.outcome !== 'unchanged');
  const outcomes = await deps.metrics.writeMany(
    writes.map((s) => {
      const next = (s.submission as ReportSubmission).report;
      const project = s.project as Project;
      return {
        previous: s.previous,
        next,
        owner: { hostCountry: project.hostCountry },
        events: [submissionEvent(project, next)],
      };
    }),
  );
  for (const [i, state] of writes.entries()) {
    if (outcomes[i] !== 'written') state.errors.push(lostRace);
  }

  const results = states.map(resultOf);
  const counts = { created: 0, restated: 0, unchanged: 0, rejected: 0 };
  for (const result of results) counts[result.outcome] += 1;
  return { results, counts };
}

/**
 * Finds each row's project, and refuses rows for a project that does not exist or that the caller
 * may not report for with one and the same answer. Rows whose project is written by id but is not a
 * well-formed id are refused without a read.
 */
async function resolveProjects(deps: MetricsImportDeps, principal: Principal, states: RowState[]) {
  const projectOf = memo((id: string) =>
    isProjectId(id) ? deps.projects.get(id) : Promise.resolve(undefined),
  );
  const ownerOfRef = memo((key: string) => {
    const [system, ...id] = key.split('#');
    return deps.projects.findByExternalRef({ system: system as ExternalRefSystem, id: id.join('#') });
  });
  const located = states.filter((s) => s.locator !== undefined);
  for (const batch of chunked(located, parallelLookups * 8)) {
    await mapLimited(batch, parallelLookups, async (state) => {
      const locator = state.locator as RowLocator;
      const path = locator.projectId !== undefined ? 'projectId' : 'externalRef';
      const id =
        locator.projectId ?? (await ownerOfRef(`${locator.externalRef?.system}#${locator.externalRef?.id}`));
      const project = id === undefined ? undefined : await projectOf(id);
      if (project === undefined || authorize(principal, 'metrics:write', project) !== 'allow') {
        state.errors.push(unknownProject(path));
        return;
      }
      state.project = project;
    });
  }
}

/** Rejects every row after the first for the same project and month. */
function rejectRepeatedMonths(states: RowState[]): void {
  const firstRow = new Map<string, number>();
  for (const state of states) {
    if (!state.project || !state.locator) continue;
    const key = reportKey(state.project.id, state.locator.period);
    const first = firstRow.get(key);
    if (first === undefined) firstRow.set(key, state.row);
    else {
      state.errors.push({
        path: 'period',
        message: `Row ${first} already reports this project’s ${state.locator.period}; send one row per project and month`,
      });
    }
  }
}

function resultOf(state: RowState): MetricsImportRowResult {
  const where = {
    ...(state.project ? { projectId: state.project.id } : {}),
    ...(state.locator ? { period: state.locator.period } : {}),
  };
  if (state.errors.length > 0 || !state.submission) {
    return {
      row: state.row,
      outcome: 'rejected',
      ...where,
      errors: state.errors.map((e) => ({ path: state.columnOf(e.path), message: e.message })),
    };
  }
  return {
    row: state.row,
    outcome: state.submission.outcome,
    ...where,
    revision: state.submission.report.revision,
  };
}

// CSV

const numberPattern = /^-?\d+(\.\d+)?([eE][-+]?\d+)?$/;

/** A cell as a number when it is one; otherwise the text, so the schema names the column. */
const numeric = (cell: string): number | string => (numberPattern.test(cell) ? Number(cell) : cell);

const defined = <T extends object>(value: T): T =>
  Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;

/**
 * A CSV record (column → cell) as a JSON import row; empty cells are absent fields. Each filled
 * `tonnes<gas>` cell is one entry of `projectEmissions` (none filled: no project emissions), and
 * `evidenceUrls` holds URLs separated by spaces or `|`.
 */
export function metricsRowFromCsvRecord(record: Readonly<Record<string, string>>): Record<string, unknown> {
  const cell = (column: string) => {
    const value = record[column]?.trim();
    return value === undefined || value === '' ? undefined : value;
  };
  const num = (column: string) => {
    const value = cell(column);
    return value === undefined ? undefined : numeric(value);
  };
  const system = cell('externalRefSystem');
  const refId = cell('externalRefId');
  return defined({
    projectId: cell('projectId'),
    externalRef: system === undefined && refId === undefined ? undefined : defined({ system, id: refId }),
    period: cell('period'),
    generationMwh: num('generationMwh'),
    projectEmissions: gases
      .filter((gas) => cell(gasColumn(gas)) !== undefined)
      .map((gas) => ({ gas, tonnes: num(gasColumn(gas)) })),
    baseline: defined({
      method: cell('baselineMethod'),
      tco2e: num('baselineTco2e'),
      factorId: cell('baselineFactorId'),
    }),
    leakageTco2e: num('leakageTco2e'),
    gwpSet: cell('gwpSet'),
    methodology: cell('methodology'),
    dataQuality: num('dataQuality'),
    evidenceUrls: cell('evidenceUrls')
      ?.split(/[\s|]+/)
      .filter(Boolean),
  });
}

const directColumns: Readonly<Record<string, string>> = {
  'externalRef.system': 'externalRefSystem',
  'externalRef.id': 'externalRefId',
  externalRef: 'externalRefId',
  baseline: 'baselineMethod',
  'baseline.method': 'baselineMethod',
  'baseline.tco2e': 'baselineTco2e',
  'baseline.factorId': 'baselineFactorId',
};

/**
 * How a CSV row's field paths become its columns, so that its errors name the cell to fix:
 * `projectEmissions.<i>.tonnes` is the column of the i-th filled gas.
 */
export function metricsCsvColumnOf(row: Readonly<Record<string, unknown>>): (path: string) => string {
  const emissions = Array.isArray(row.projectEmissions) ? (row.projectEmissions as { gas: string }[]) : [];
  return (path) => {
    const direct = directColumns[path];
    if (direct) return direct;
    const [head, index] = path.split('.');
    if (head === 'projectEmissions') {
      const gas = emissions[Number(index)]?.gas;
      return gas === undefined ? 'tonnesCO2' : gasColumn(gas);
    }
    if (head === 'evidenceUrls') return 'evidenceUrls';
    if (head === '') return path;
    return head ?? path;
  };
}

/**
 * Checks a CSV header: every column must be one of the template's, and `period` must be there.
 * @throws ValidationError naming each unknown column
 */
export function checkMetricsCsvHeader(columns: readonly string[]): void {
  const known = new Set(metricsImportColumns);
  const unknown = columns.filter((c) => !known.has(c));
  if (unknown.length > 0) {
    throw new ValidationError(
      unknown.map((column) => ({
        path: `columns.${column}`,
        message: 'Not a column of the import template',
      })),
      'The CSV has columns the import does not know',
    );
  }
  if (!columns.includes('period')) {
    throw new ValidationError([
      { path: 'columns.period', message: 'The CSV needs a header row with the template columns' },
    ]);
  }
}
