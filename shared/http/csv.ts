/**
 * CSV in and out (RFC 4180), through csv-parse and csv-stringify rather than hand-split strings.
 *
 * Every CSV the API writes goes through `toCsv`, whose cast hook makes text cells inert for
 * spreadsheets (OWASP "CSV injection"; `docs/visibility.md`): a text cell that begins with `=`, `+`,
 * `-`, `@`, a tab or a carriage return would be read as a formula, so it is written with a leading
 * apostrophe and quoted. Values that are numbers are written as numbers, whatever their sign. The
 * guard is undone on the way in (`parseCsv`), so that a file the API wrote imports to the same text.
 */

import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { parse } from 'csv-parse/sync';
import type { CastReturnObject } from 'csv-stringify';
import { stringify } from 'csv-stringify/sync';
import { MalformedInputError } from '../domain/errors.ts';

export const csvContentType = 'text/csv; charset=utf-8';

/** Whether a listing is asked for as CSV: `format=csv`, or `Accept: text/csv` when no `format` is given. */
export function wantsCsv(format: 'json' | 'csv' | undefined, event: APIGatewayProxyEventV2): boolean {
  return format === 'csv' || (format === undefined && (event.headers?.accept ?? '').includes('text/csv'));
}

/** The `Link` header to the next page of a CSV listing: the same query, as CSV, from `cursor`. */
export function nextCsvPageLink(path: string, event: APIGatewayProxyEventV2, cursor: string): string {
  const next = new URLSearchParams({ ...event.queryStringParameters, format: 'csv', cursor });
  return `<${path}?${next.toString()}>; rel="next"`;
}

export interface CsvTable {
  readonly columns: string[];
  readonly records: Record<string, string>[];
}

/** The first characters that make a spreadsheet read a cell as a formula (or hide where it starts). */
const formulaLead = /^[=+\-@\t\r]/;

/** The mark a spreadsheet reads as "this cell is text". */
const textMark = "'";

/**
 * Whether a text cell needs the guard. Text that already begins with the mark before a formula
 * character (or before a second mark) is guarded too, so that reading back removes exactly the one
 * mark writing added: `'=x` is written `''=x` and read back as `'=x`.
 */
function needsGuard(text: string): boolean {
  if (formulaLead.test(text)) return true;
  return text.startsWith(textMark) && (formulaLead.test(text.slice(1)) || text[1] === textMark);
}

/**
 * A text cell as it is safe to write: unchanged, or with a leading apostrophe when a spreadsheet
 * would otherwise run it as a formula.
 */
export function guardCsvText(text: string): string {
  return needsGuard(text) ? `${textMark}${text}` : text;
}

/** The text a guarded cell stands for: `guardCsvText` undone (other cells are returned unchanged). */
export function unguardCsvText(cell: string): string {
  return cell.startsWith(textMark) && needsGuard(cell.slice(1)) ? cell.slice(1) : cell;
}

/** csv-stringify's hook for string values: guarded cells are also always quoted. */
function castText(text: string): string | CastReturnObject {
  return needsGuard(text) ? { value: guardCsvText(text), quoted: true } : text;
}

/**
 * Parses CSV with a header row into records keyed by column; guarded cells read as the text they
 * stand for.
 * @throws MalformedInputError (400) when the text is not CSV (unbalanced quotes, ragged rows)
 */
export function parseCsv(text: string): CsvTable {
  let columns: string[] = [];
  try {
    const records = parse(text.replace(/^\uFEFF/, ''), {
      columns: (header: string[]) => {
        columns = header.map((c) => c.trim());
        return columns;
      },
      skip_empty_lines: true,
      trim: false,
      relax_column_count: false,
      cast: (value, context) => (context.header ? value : unguardCsvText(value)),
    }) as Record<string, string>[];
    return { columns, records };
  } catch (error) {
    throw new MalformedInputError(`The body is not valid CSV: ${(error as Error).message.split('\n')[0]}`, [
      { path: 'body', message: 'Not valid CSV with a header row' },
    ]);
  }
}

/**
 * Writes rows as CSV with a header row, in the given column order (CRLF line ends, as RFC 4180
 * says). Every CSV the API writes goes through here: text cells are guarded against formula
 * injection, numbers stay numbers (pass a number, not its text, for a numeric cell).
 */
export function toCsv(columns: readonly string[], rows: ReadonlyArray<ReadonlyArray<unknown>>): string {
  return csvRecords([columns, ...rows]);
}

/**
 * Writes rows as CSV records with no header row, exactly as {@link toCsv} writes them: for a file
 * written a page at a time (a release's CSV), whose first page is the header.
 */
export function csvRecords(rows: ReadonlyArray<ReadonlyArray<unknown>>): string {
  return stringify(
    rows.map((row) => [...row]),
    { record_delimiter: 'windows', cast: { string: castText } },
  );
}
