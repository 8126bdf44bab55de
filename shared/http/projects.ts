/** HTTP shapes shared by the project functions: the list query, the project response and the CSV export. */
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import * as z from 'zod/mini';
import type { Page } from '../domain/pagination.ts';
import { fitsImportTemplate, importRecordOf } from '../domain/projects/export.ts';
import { importColumns } from '../domain/projects/import.ts';
import {
  lifecycleStatusSchema,
  type Project,
  programSchema,
  reviewStateSchema,
  technologySchema,
} from '../domain/projects/schema.ts';
import { built } from '../domain/pure.ts';
import { countryCodeSchema } from '../domain/reference/iso.ts';
import { csvContentType, nextCsvPageLink, toCsv } from './csv.ts';
import { pageQuery } from './query.ts';
import type { HttpResponse } from './response.ts';
import '../domain/zod-messages.ts';

/** `GET /projects` query: the filters, `limit` and `cursor`. */
export const projectListQuerySchema = /* @__PURE__ */ built(() =>
  z.strictObject({
    hostCountry: z.optional(countryCodeSchema),
    technology: z.optional(technologySchema),
    status: z.optional(lifecycleStatusSchema),
    program: z.optional(programSchema),
    reviewState: z.optional(reviewStateSchema),
    orgId: z.optional(z.string().check(z.minLength(1), z.maxLength(200))),
    /** `csv` for the export in the import template's columns; `Accept: text/csv` asks the same. */
    format: z.optional(z.enum(['json', 'csv'])),
    ...pageQuery,
  }),
);

/** The header naming the projects of a CSV page that the import template cannot hold. */
export const omittedProjectsHeader = 'omitted-projects';

/**
 * A page of the projects export (`docs/visibility.md`): the import template's header row and one
 * row per project, the next page in a `Link` header (`rel="next"`, the same query with the
 * cursor), and the ids of projects left out because the template cannot hold them in
 * `Omitted-Projects`. The body is only CSV rows, so every page imports as it is.
 */
export function projectsCsvResponse(page: Page<Project>, event: APIGatewayProxyEventV2): HttpResponse {
  const fitting = page.items.filter(fitsImportTemplate);
  const omitted = page.items.filter((project) => !fitsImportTemplate(project)).map((project) => project.id);
  const rows = fitting.map((project) => {
    const record = importRecordOf(project);
    return importColumns.map((column) => record[column]);
  });
  const headers: Record<string, string> = {
    'content-type': csvContentType,
    'content-disposition': 'attachment; filename="jucip-projects.csv"',
    vary: 'accept',
  };
  if (omitted.length > 0) headers[omittedProjectsHeader] = omitted.join(', ');
  if (page.nextCursor) headers.link = nextCsvPageLink('/projects', event, page.nextCursor);
  return { statusCode: 200, headers, body: toCsv(importColumns, rows) };
}
