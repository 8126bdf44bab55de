/** `POST /projects/import`: a CSV (the template's columns) or a JSON array of `POST /projects` bodies. */
import { ValidationError } from '../../shared/domain/errors.ts';
import {
  bodyFromCsvRecord,
  checkCsvHeader,
  csvColumnOf,
  importProjects,
  maxImportRows,
} from '../../shared/domain/projects/import.ts';
import type { ProjectService } from '../../shared/domain/projects/service.ts';
import { parseCsv } from '../../shared/http/csv.ts';
import type { RouteHandler } from '../../shared/http/handler.ts';
import { principalOf } from '../../shared/http/principal.ts';
import { json } from '../../shared/http/response.ts';

export const importBodyTypes = ['text/csv', 'application/json'];

/** The import route over a project service. */
export function importRoute(service: ProjectService): RouteHandler {
  return async ({ event, body, rawBody, contentType }) => {
    const principal = principalOf(event);
    let rows: { body: unknown; columnOf?: (path: string) => string }[];
    if (contentType === 'text/csv') {
      const { columns, records } = parseCsv(rawBody);
      checkCsvHeader(columns);
      rows = records.map((record) => ({ body: bodyFromCsvRecord(record), columnOf: csvColumnOf }));
    } else {
      if (!Array.isArray(body)) {
        throw new ValidationError([
          { path: 'body', message: `Send a JSON array of projects (at most ${maxImportRows})` },
        ]);
      }
      rows = body.map((row) => ({ body: row }));
    }
    return json(200, await importProjects(service, principal, rows));
  };
}
