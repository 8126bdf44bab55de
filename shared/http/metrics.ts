/** HTTP shapes of the metrics routes. */
import * as z from 'zod/mini';
import { built } from '../domain/pure.ts';
import { pageQuery } from './query.ts';
import '../domain/zod-messages.ts';

/** `GET /projects/{id}/metrics` query. */
export const metricsListQuerySchema = /* @__PURE__ */ built(() =>
  z.strictObject({
    from: z.optional(z.string().check(z.maxLength(7))),
    to: z.optional(z.string().check(z.maxLength(7))),
    ...pageQuery,
  }),
);

/** `GET /projects/{id}/metrics/{period}` query. */
export const metricsGetQuerySchema = /* @__PURE__ */ built(() =>
  z.strictObject({
    revision: z.optional(
      z.pipe(
        z.string().check(z.regex(/^[1-9]\d{0,7}$/, 'Must be a revision number (1, 2, ...)')),
        z.transform(Number),
      ),
    ),
  }),
);
