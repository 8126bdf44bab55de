/**
 * `GET /metrics/import/template`: the monthly reports import CSV's header and two example rows. It
 * is served here, beside the projects' template, rather than by `metrics-import`, so that the
 * import's bundle carries no CSV writer (`docs/performance.md`).
 */
import { metricsImportColumns } from '../../shared/domain/metrics/import.ts';
import { assertAuthorized } from '../../shared/domain/policy.ts';
import { once } from '../../shared/domain/pure.ts';
import { csvContentType, toCsv } from '../../shared/http/csv.ts';
import type { RouteHandler } from '../../shared/http/handler.ts';
import { principalOf } from '../../shared/http/principal.ts';
import type { HttpResponse } from '../../shared/http/response.ts';

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

/** Written on the template's first request, not at every cold start (`docs/performance.md`). */
const templateBody = once(() =>
  toCsv(
    metricsImportColumns,
    exampleRows.map((row) => metricsImportColumns.map((column) => row[column] ?? '')),
  ),
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
    body: templateBody(),
  };
};
