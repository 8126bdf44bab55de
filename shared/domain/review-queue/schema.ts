/**
 * The review queue (`GET /review-queue`, docs/review-queue.md): what waits for a reviewer's
 * decision, oldest first. Projects whose `reviewState` is `submitted` (new, or a pending revision
 * of an accepted project) and latest report revisions that are `self_reported` (restatements too).
 */
import * as z from 'zod/mini';
import { built } from '../pure.ts';
import { countryCodeSchema } from '../reference/iso.ts';
import '../zod-messages.ts';

export const reviewQueueKinds = ['project', 'report'] as const;
export const reviewQueueKindSchema = /* @__PURE__ */ built(() => z.enum(reviewQueueKinds));
export type ReviewQueueKind = z.output<typeof reviewQueueKindSchema>;

/** The filters of the queue; each narrows it, together they all apply. */
export interface ReviewQueueFilters {
  readonly kind?: ReviewQueueKind | undefined;
  readonly orgId?: string | undefined;
  readonly hostCountry?: string | undefined;
}

const common = /* @__PURE__ */ built(() => ({
  projectId: z.string(),
  orgId: z.string(),
  hostCountry: countryCodeSchema,
  waitingSince: z.iso.datetime().check(
    z.meta({
      description:
        'When what waits was submitted: the project revision last changed, or the report revision submitted. A further change restarts it (the reviewer has not seen that version).',
    }),
  ),
  ageSeconds: z
    .int()
    .check(
      z.nonnegative(),
      z.meta({ description: 'Whole seconds from `waitingSince` to the moment of the answer.' }),
    ),
  link: z.string().check(z.meta({ description: 'The API path of what waits.' })),
}));

/** A project waiting for review: a new submission or a pending revision. */
export const queuedProjectSchema = /* @__PURE__ */ built(() =>
  z.object({
    kind: z.literal('project'),
    ...common,
    name: z.string(),
    projectVersion: z.int(),
    submission: z.enum(['new', 'revision']).check(
      z.meta({
        description:
          '`new`: never accepted yet; `revision`: a change to an accepted project (`pendingChanges` names its fields).',
      }),
    ),
    pendingChanges: z.optional(z.array(z.string())),
  }),
);
export type QueuedProject = z.output<typeof queuedProjectSchema>;

/** A latest report revision waiting for verification (a restatement when `revision` > 1). */
export const queuedReportSchema = /* @__PURE__ */ built(() =>
  z.object({
    kind: z.literal('report'),
    ...common,
    period: z.string(),
    revision: z.int(),
    restated: z.boolean(),
  }),
);
export type QueuedReport = z.output<typeof queuedReportSchema>;

export const reviewQueueEntrySchema = /* @__PURE__ */ built(() =>
  z.discriminatedUnion('kind', [queuedProjectSchema, queuedReportSchema]),
);
export type ReviewQueueEntry = z.output<typeof reviewQueueEntrySchema>;

/** An entry as stored, before the answer adds its age. */
export type WaitingItem = DistributiveOmit<ReviewQueueEntry, 'ageSeconds'>;
type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
