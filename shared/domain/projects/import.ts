/**
 * Bulk import (`POST /projects/import`): rows in, one outcome per row out. Rows are matched on
 * their external references, so importing the same file twice updates the projects it created
 * instead of duplicating them; that is why every row must carry at least one external reference.
 *
 * CSV rows use the flat columns of `importColumns` (numbered groups for participants, investments
 * and external references; an investment's disbursements in one cell, see `disbursementsFromCell`,
 * and its id in another, so that a re-import keeps it); JSON rows are `POST /projects` bodies. Both become a create body here
 * and go through the same schema and rules as a single create or edit.
 */
import {
  ConflictError,
  DependencyUnavailableError,
  DomainError,
  type FieldError,
  ForbiddenError,
  NotFoundError,
  ValidationError,
} from '../errors.ts';
import { assertAuthorized, type Principal } from '../policy.ts';
import { fieldErrorsFromZod } from '../validation.ts';
import type { ExternalRefKey } from './ports.ts';
import { type ProjectCreateInput, type ProjectPatch, projectCreateSchema } from './schema.ts';
import type { ProjectService } from './service.ts';

/** The most rows one import may carry. */
export const maxImportRows = 500;

const maxParticipants = 6;
const maxInvestments = 4;
const maxExternalRefs = 2;

const numbered = (count: number, prefix: string, fields: readonly string[]) =>
  Array.from({ length: count }, (_, i) => fields.map((field) => `${prefix}${i + 1}${field}`)).flat();

/** The CSV template's columns, in order. */
export const importColumns: readonly string[] = [
  'name',
  'summary',
  'technology',
  'technologyDetail',
  'programs',
  'hostCountry',
  'locationSubdivision',
  'locationLat',
  'locationLon',
  'locationAccuracy',
  'capacityValue',
  'capacityUnit',
  'expectedAnnualGenerationMwh',
  'expectedAnnualReductionsTco2e',
  'expectedSource',
  'status',
  'statusEffectiveDate',
  ...numbered(maxParticipants, 'participant', ['Name', 'Country', 'Role', 'SharePct']),
  ...numbered(maxInvestments, 'investment', [
    'InvestorCountry',
    'Amount',
    'Currency',
    'CommittedOn',
    'Instrument',
    'Disbursements',
    'Id',
  ]),
  ...numbered(maxExternalRefs, 'externalRef', ['System', 'Id', 'Url']),
];

/** One row's outcome. */
export interface ImportRowResult {
  /** 1-based position of the row among the data rows. */
  readonly row: number;
  readonly outcome: 'created' | 'updated' | 'rejected';
  readonly id?: string;
  readonly errors?: readonly FieldError[];
}

export interface ImportResult {
  readonly results: readonly ImportRowResult[];
  readonly counts: Readonly<Record<ImportRowResult['outcome'], number>>;
}

const numberPattern = /^-?\d+(\.\d+)?([eE][-+]?\d+)?$/;

/** A cell as a number when it is one; otherwise the text, so the schema names the field. */
function numeric(cell: string): number | string {
  return numberPattern.test(cell) ? Number(cell) : cell;
}

function groups(
  record: Readonly<Record<string, string>>,
  prefix: string,
  count: number,
  build: (cell: (field: string) => string | undefined) => object,
) {
  const built: object[] = [];
  for (let i = 1; i <= count; i++) {
    const cell = (field: string) => {
      const value = record[`${prefix}${i}${field}`]?.trim();
      return value === undefined || value === '' ? undefined : value;
    };
    built.push(build(cell));
  }
  // Trailing empty groups are unused; an empty group before a filled one stays (as `{}`), so that
  // positions, and the columns errors name, match the sheet.
  const filled = (group: object) => Object.values(group).some((v) => v !== undefined);
  return built.slice(0, built.findLastIndex(filled) + 1);
}

const defined = <T extends object>(value: T): T =>
  Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;

/** How a cell lists an investment's disbursements: `date:amount` pairs separated by `;`. */
export const disbursementSeparator = ';';

/**
 * An `investmentNDisbursements` cell (`2025-12-01:3000000000;2026-03-02:2500000000`) as the
 * disbursements of a body. A pair that does not read as `date:amount` is passed on as it is, so
 * that the schema names the disbursement and the cell.
 */
export function disbursementsFromCell(cell: string): Array<Record<string, unknown>> {
  return cell
    .split(disbursementSeparator)
    .map((pair) => pair.trim())
    .filter(Boolean)
    .map((pair) => {
      const colon = pair.indexOf(':');
      if (colon < 0) return { date: pair };
      return { date: pair.slice(0, colon).trim(), amount: numeric(pair.slice(colon + 1).trim()) };
    });
}

/** A CSV record (column → cell) as a `POST /projects` body; empty cells are absent fields. */
export function bodyFromCsvRecord(record: Readonly<Record<string, string>>): Record<string, unknown> {
  const cell = (column: string) => {
    const value = record[column]?.trim();
    return value === undefined || value === '' ? undefined : value;
  };
  const num = (column: string) => {
    const value = cell(column);
    return value === undefined ? undefined : numeric(value);
  };
  const location = defined({
    subdivision: cell('locationSubdivision'),
    lat: num('locationLat'),
    lon: num('locationLon'),
    accuracy: cell('locationAccuracy'),
  });
  const capacity = defined({ value: num('capacityValue'), unit: cell('capacityUnit') });
  const expected = defined({
    annualGenerationMwh: num('expectedAnnualGenerationMwh'),
    annualReductionsTco2e: num('expectedAnnualReductionsTco2e'),
    source: cell('expectedSource'),
  });
  return defined({
    name: cell('name'),
    summary: cell('summary') ?? '',
    technology: cell('technology'),
    technologyDetail: cell('technologyDetail'),
    programs: cell('programs')
      ?.split(/[;|]/)
      .map((p) => p.trim())
      .filter(Boolean),
    hostCountry: cell('hostCountry'),
    location: Object.keys(location).length > 0 ? location : undefined,
    capacity: Object.keys(capacity).length > 0 ? capacity : undefined,
    expected: Object.keys(expected).length > 0 ? expected : undefined,
    status: cell('status'),
    statusEffectiveDate: cell('statusEffectiveDate'),
    participants: groups(record, 'participant', maxParticipants, (c) =>
      defined({
        name: c('Name'),
        country: c('Country'),
        role: c('Role'),
        sharePct: c('SharePct') === undefined ? undefined : numeric(c('SharePct') as string),
      }),
    ),
    investments: groups(record, 'investment', maxInvestments, (c) =>
      defined({
        investorCountry: c('InvestorCountry'),
        amount: c('Amount') === undefined ? undefined : numeric(c('Amount') as string),
        currency: c('Currency'),
        committedOn: c('CommittedOn'),
        instrument: c('Instrument'),
        disbursements: (() => {
          const listed = c('Disbursements');
          return listed === undefined ? undefined : disbursementsFromCell(listed);
        })(),
        id: c('Id'),
      }),
    ),
    externalRefs: (() => {
      const refs = groups(record, 'externalRef', maxExternalRefs, (c) =>
        defined({ system: c('System'), id: c('Id'), url: c('Url') }),
      );
      return refs.length > 0 ? refs : undefined;
    })(),
  });
}

/** The CSV column of a body path, so that a CSV row's errors name the cell to fix. */
export function csvColumnOf(path: string): string {
  const parts = path.split('.');
  const [head, index, field] = parts;
  const capital = (s: string | undefined) => (s ? s[0]?.toUpperCase() + s.slice(1) : '');
  const position = Number(index) + 1;
  if (head === 'participants' && Number.isInteger(position) && field)
    return `participant${position}${capital(field)}`;
  if (head === 'investments' && Number.isInteger(position) && field)
    return `investment${position}${capital(field)}`;
  if (head === 'externalRefs' && Number.isInteger(position) && field)
    return `externalRef${position}${capital(field)}`;
  if (head === 'location' && index) return `location${capital(index)}`;
  if (head === 'capacity' && index) return `capacity${capital(index)}`;
  if (head === 'expected' && index) return `expected${capital(index)}`;
  if (head === 'programs') return 'programs';
  // A whole group (a repeated external reference, an empty participant) is named by its first column.
  if (head === 'participants' && index !== undefined && field === undefined)
    return `participant${Number(index) + 1}Name`;
  if (head === 'investments' && index !== undefined && field === undefined)
    return `investment${Number(index) + 1}InvestorCountry`;
  if (head === 'externalRefs' && index !== undefined && field === undefined)
    return `externalRef${Number(index) + 1}Id`;
  return path;
}

/** Checks a CSV header: every column must be one of the template's. */
export function checkCsvHeader(columns: readonly string[]): void {
  const known = new Set(importColumns);
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
  if (!columns.includes('name')) {
    throw new ValidationError([
      { path: 'columns.name', message: 'The CSV needs a header row with the template columns' },
    ]);
  }
}

/** A patch that makes an existing project's editable fields exactly those of an import row. */
function replacementPatch(input: ProjectCreateInput): ProjectPatch {
  const { status: _status, statusEffectiveDate: _date, ...fields } = input;
  return {
    technologyDetail: null,
    location: null,
    capacity: null,
    externalRefs: null,
    expected: null,
    ...fields,
  } as ProjectPatch;
}

/**
 * Imports rows one by one: each is created, or updates the project its external references
 * already belong to (the status of an existing project is left alone: it changes only through
 * the status route). One row's rejection does not stop the others.
 */
export async function importProjects(
  service: ProjectService,
  principal: Principal,
  rows: readonly { readonly body: unknown; readonly columnOf?: (path: string) => string }[],
): Promise<ImportResult> {
  assertAuthorized(principal, 'project:import');
  if (rows.length === 0) throw new ValidationError([{ path: 'rows', message: 'The import has no rows' }]);
  if (rows.length > maxImportRows) {
    throw new ValidationError([
      { path: 'rows', message: `At most ${maxImportRows} rows per import; got ${rows.length}` },
    ]);
  }
  const results: ImportRowResult[] = [];
  for (const [index, { body, columnOf = (p: string) => p }] of rows.entries()) {
    const row = index + 1;
    const reject = (errors: readonly FieldError[]): ImportRowResult => ({
      row,
      outcome: 'rejected',
      errors: errors.map((e) => ({ path: columnOf(e.path), message: e.message })),
    });
    try {
      results.push(await importRow(service, principal, body, row));
    } catch (error) {
      // A row the rules refuse is reported and the import goes on; a database outage stops it
      // (rows already imported stay; importing the file again finishes the job without duplicates).
      if (error instanceof DependencyUnavailableError || !(error instanceof DomainError)) throw error;
      results.push(
        reject(error instanceof ValidationError ? error.errors : [{ path: '', message: error.message }]),
      );
    }
  }
  const counts = { created: 0, updated: 0, rejected: 0 };
  for (const result of results) counts[result.outcome] += 1;
  return { results, counts };
}

async function importRow(
  service: ProjectService,
  principal: Principal,
  body: unknown,
  row: number,
): Promise<ImportRowResult> {
  const parsed = projectCreateSchema.safeParse(body);
  if (!parsed.success) throw new ValidationError(fieldErrorsFromZod(parsed.error));
  const input = parsed.data;
  const refs: ExternalRefKey[] = (input.externalRefs ?? []).map((r) => ({ system: r.system, id: r.id }));
  if (refs.length === 0) {
    throw new ValidationError([
      {
        path: 'externalRefs',
        message:
          'Import rows need at least one external reference, so that a re-import updates instead of duplicating',
      },
    ]);
  }
  const owners = new Set(
    (await Promise.all(refs.map((ref) => service.projectIdOfExternalRef(ref)))).filter(
      (id): id is string => id !== undefined,
    ),
  );
  if (owners.size > 1) throw claimedElsewhere();
  const [existingId] = owners;
  try {
    if (existingId === undefined) {
      // Investment ids are the server's: a row exported elsewhere creates new investments here.
      const investments = input.investments.map(({ id: _id, ...investment }) => investment);
      const project = await service.createFromInput(principal, { ...input, investments });
      return { row, outcome: 'created', id: project.id };
    }
    const project = await service.replaceFields(principal, existingId, replacementPatch(input));
    return { row, outcome: 'updated', id: project.id };
  } catch (error) {
    // The same answer whether the other project is hidden (404), only not editable (403), or took
    // the reference between the lookup and the write (409).
    const notEditable = error instanceof NotFoundError || error instanceof ForbiddenError;
    if (error instanceof ConflictError || (existingId !== undefined && notEditable)) throw claimedElsewhere();
    throw error;
  }
}

/**
 * The one answer for a row whose external references another project already holds (or that
 * match two projects at once), whether or not the caller may see those projects: it names neither
 * a project nor an organisation, so an import cannot be used to learn what exists
 * (`docs/visibility.md`).
 */
function claimedElsewhere(): ValidationError {
  return new ValidationError([
    {
      path: 'externalRefs',
      message: 'These external references already belong to another project, which this row cannot update',
    },
  ]);
}
