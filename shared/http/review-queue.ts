/** HTTP shapes of the review queue (`GET /review-queue`, docs/review-queue.md). */
import * as z from 'zod/mini';
import { built } from '../domain/pure.ts';
import { countryCodeSchema } from '../domain/reference/iso.ts';
import { reviewQueueKindSchema } from '../domain/review-queue/schema.ts';
import { pageQuery } from './query.ts';
import '../domain/zod-messages.ts';

/** `GET /review-queue` query: the filters, `limit` and `cursor`. */
export const reviewQueueQuerySchema = /* @__PURE__ */ built(() =>
  z.strictObject({
    kind: z.optional(reviewQueueKindSchema),
    orgId: z.optional(z.string().check(z.minLength(1), z.maxLength(200))),
    hostCountry: z.optional(countryCodeSchema),
    ...pageQuery,
  }),
);
