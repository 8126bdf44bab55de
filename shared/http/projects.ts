/** HTTP shapes shared by the project functions: the list query and the project response. */
import * as z from 'zod/mini';
import {
  lifecycleStatusSchema,
  type Project,
  programSchema,
  reviewStateSchema,
  technologySchema,
} from '../domain/projects/schema.ts';
import { countryCodeSchema } from '../domain/reference/iso.ts';
import { etagOf } from './preconditions.ts';
import { pageQuery } from './query.ts';
import { type HttpResponse, json } from './response.ts';
import '../domain/zod-messages.ts';

/** `GET /projects` query: the filters, `limit` and `cursor`. */
export const projectListQuerySchema = z.strictObject({
  hostCountry: z.optional(countryCodeSchema),
  technology: z.optional(technologySchema),
  status: z.optional(lifecycleStatusSchema),
  program: z.optional(programSchema),
  reviewState: z.optional(reviewStateSchema),
  orgId: z.optional(z.string().check(z.minLength(1), z.maxLength(200))),
  ...pageQuery,
});

/** A project with its `ETag` (its caching is the middleware's: `shared/http/cache-control.ts`). */
export function projectResponse(
  statusCode: number,
  project: Project,
  headers: Record<string, string> = {},
): HttpResponse {
  return json(statusCode, project, {
    etag: etagOf(project.version),
    ...headers,
  });
}
