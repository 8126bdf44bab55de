/** CSV in and out (RFC 4180), through csv-parse and csv-stringify rather than hand-split strings. */
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { MalformedInputError } from '../domain/errors.ts';

export const csvContentType = 'text/csv; charset=utf-8';

export interface CsvTable {
  readonly columns: string[];
  readonly records: Record<string, string>[];
}

/**
 * Parses CSV with a header row into records keyed by column.
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
    }) as Record<string, string>[];
    return { columns, records };
  } catch (error) {
    throw new MalformedInputError(`The body is not valid CSV: ${(error as Error).message.split('\n')[0]}`, [
      { path: 'body', message: 'Not valid CSV with a header row' },
    ]);
  }
}

/** Writes rows as CSV with a header row, in the given column order (CRLF line ends, as RFC 4180 says). */
export function toCsv(columns: readonly string[], rows: ReadonlyArray<ReadonlyArray<unknown>>): string {
  return stringify([columns as unknown[], ...rows.map((row) => [...row])], { record_delimiter: 'windows' });
}
