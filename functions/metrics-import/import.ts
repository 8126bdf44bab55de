/** The bulk import's HTTP edge: CSV or JSON rows in, the per-row results out; and its CSV template. */
import { ValidationError } from '../../shared/domain/errors.ts';
import {
  checkMetricsCsvHeader,
  importMetricReports,
  type MetricsImportDeps,
  type MetricsImportRow,
  maxMetricsImportRows,
  metricsCsvColumnOf,
  metricsImportColumns,
  metricsRowFromCsvRecord,
} from '../../shared/domain/metrics/import.ts';
import { assertAuthorized } from '../../shared/domain/policy.ts';
import { csvContentType, parseCsv, toCsv } from '../../shared/http/csv.ts';
import type { RouteHandler } from '../../shared/http/handler.ts';
import { principalOf } from '../../shared/http/principal.ts';
import { type HttpResponse, json } from '../../shared/http/response.ts';

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

/** The template's example rows: one explicit baseline by project id, one grid-factor baseline by external reference. */
const exampleRows: readonly Readonly<Record<string, string>>[] = [
  {
    projectId: 'REPLACE-WITH-YOUR-PROJECT-ID',
    period: '2025-04',
    generationMwh: '11250.5',
    tonnesCO2: '12.4',
    tonnesSF6: '0.001',
    baselineMethod: 'explicit',
    baselineTco2e: '5400',
    methodology: 'AMS-I.D',
    dataQuality: '2',
    evidenceUrls: 'https://example.org/meter-2025-04.pdf',
  },
  {
    externalRefSystem: 'other',
    externalRefId: 'YOUR-REF-0001',
    period: '2025-04',
    generationMwh: '8200',
    baselineMethod: 'grid_factor',
    baselineFactorId: 'REPLACE-WITH-A-FACTOR-ID',
    leakageTco2e: '0',
    gwpSet: 'AR6',
    dataQuality: '3',
  },
];

const templateBody = toCsv(
  metricsImportColumns,
  exampleRows.map((row) => metricsImportColumns.map((column) => row[column] ?? '')),
);

/** `GET /metrics/import/template`: the import CSV's header and two example rows to copy. */
export const metricsImportTemplate: RouteHandler = async ({ event }): Promise<HttpResponse> => {
  assertAuthorized(principalOf(event), 'metrics:import');
  return {
    statusCode: 200,
    headers: {
      'content-type': csvContentType,
      'content-disposition': 'attachment; filename="jucip-metrics-import-template.csv"',
      'cache-control': 'private, max-age=3600',
    },
    body: templateBody,
  };
};
