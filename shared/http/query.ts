/** Query strings, parsed with zod like bodies; a bad query is a 400 naming the parameter. */
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import * as z from 'zod/mini';
import { MalformedInputError } from '../domain/errors.ts';
import { defaultPageLimit, maxPageLimit } from '../domain/pagination.ts';
import { built } from '../domain/pure.ts';
import { fieldErrorsFromZod } from '../domain/validation.ts';
import '../domain/zod-messages.ts';

/** `limit` (1–100, default 25) and `cursor`, shared by every listing. */
export const pageQuery = /* @__PURE__ */ built(() => ({
  limit: z._default(
    z.pipe(
      z.pipe(
        z.string().check(z.regex(/^\d{1,3}$/, 'Must be a whole number from 1 to 100')),
        z.transform(Number),
      ),
      z.number().check(z.int(), z.gte(1), z.lte(maxPageLimit)),
    ),
    defaultPageLimit,
  ),
  cursor: z.optional(z.string().check(z.minLength(1), z.maxLength(2048))),
}));

/** The query of a listing with no filters: `limit` and `cursor` only. */
export const pageOnlyQuerySchema = /* @__PURE__ */ built(() => z.strictObject(pageQuery));

/**
 * Parses the query string with a strict schema (unknown parameters are refused).
 * @throws MalformedInputError (400) naming every bad parameter
 */
export function parseQuery<Schema extends z.ZodMiniType>(
  schema: Schema,
  event: APIGatewayProxyEventV2,
): z.output<Schema> {
  const result = schema.safeParse(event.queryStringParameters ?? {});
  if (!result.success) {
    throw new MalformedInputError('The query string is not valid', fieldErrorsFromZod(result.error));
  }
  return result.data;
}
