/** The bulk import's HTTP edge: CSV or JSON rows in, the per-row results out. */
import { ValidationError } from '../../shared/domain/errors.ts';
import {
  checkMetricsCsvHeader,
  importMetricReports,
  type MetricsImportDeps,
  type MetricsImportRow,
  maxMetricsImportRows,
  metricsCsvColumnOf,
  metricsRowFromCsvRecord,
} from '../../shared/domain/metrics/import.ts';
import { parseCsv } from '../../shared/http/csv.ts';
import type { RouteHandler } from '../../shared/http/handler.ts';
import { principalOf } from '../../shared/http/principal.ts';
import { json } from '../../shared/http/response.ts';

export const metricsImportBodyTypes = ['text/csv', 'application/json'];

/** `POST /metrics/import` over the import's dependencies. */
export function metricsImportRoute(deps: MetricsImportDeps): RouteHandler {
  return async ({ event, body, rawBody, contentType }) => {
    const principal = principalOf(event);
    let rows: MetricsImportRow[];
    if (contentType === 'text/csv') {
      const { columns, records } = parseCsv(rawBody);
      checkMetricsCsvHeader(columns);
      rows = records.map((record) => {
        const row = metricsRowFromCsvRecord(record);
        return { body: row, columnOf: metricsCsvColumnOf(row) };
      });
    } else {
      if (!Array.isArray(body)) {
        throw new ValidationError([
          { path: 'body', message: `Send a JSON array of rows (at most ${maxMetricsImportRows})` },
        ]);
      }
      rows = body.map((row) => ({ body: row }));
    }
    return json(200, await importMetricReports(deps, principal, rows));
  };
}
