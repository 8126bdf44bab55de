/** `GET /projects/import/template`: the import CSV's header and one example row to copy. */
import { importColumns } from '../../shared/domain/projects/import.ts';
import { once } from '../../shared/domain/pure.ts';
import { csvContentType, toCsv } from '../../shared/http/csv.ts';
import type { HttpResponse } from '../../shared/http/response.ts';

/** Numeric cells are numbers, so that the CSV writer writes them as numbers (`docs/visibility.md`). */
const example: Readonly<Record<string, string | number>> = {
  name: 'Example offshore wind partnership',
  summary: 'Replace this row with your projects; keep the header row.',
  technology: 'wind_offshore',
  technologyDetail: '15 MW turbines, fixed-bottom',
  programs: 'jucip;selectusa',
  hostCountry: 'JP',
  locationSubdivision: 'JP-05',
  locationAccuracy: 'approximate',
  capacityValue: 400,
  capacityUnit: 'MW',
  status: 'construction',
  statusEffectiveDate: '2025-04-01',
  participant1Name: 'Example Developer KK',
  participant1Country: 'JP',
  participant1Role: 'developer',
  participant1SharePct: 60,
  participant2Name: 'Example Wind LLC',
  participant2Country: 'US',
  participant2Role: 'investor',
  participant2SharePct: 40,
  investment1InvestorCountry: 'US',
  investment1Amount: 120_000_000,
  investment1Currency: 'USD',
  investment1CommittedOn: '2024-11-15',
  investment1Instrument: 'equity',
  externalRef1System: 'other',
  externalRef1Id: 'YOUR-REF-0001',
};

/** Written on the template's first request, not at every cold start (`docs/performance.md`). */
const templateBody = once(() => toCsv(importColumns, [importColumns.map((column) => example[column] ?? '')]));

export async function importTemplate(): Promise<HttpResponse> {
  return {
    statusCode: 200,
    headers: {
      'content-type': csvContentType,
      'content-disposition': 'attachment; filename="jucip-projects-import-template.csv"',
    },
    body: templateBody(),
  };
}
