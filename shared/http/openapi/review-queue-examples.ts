/** Examples of the review queue's answers in the OpenAPI document. */
import type { Page } from '../../domain/pagination.ts';
import type { ReviewQueueEntry } from '../../domain/review-queue/schema.ts';

export const reviewQueueExample: Page<ReviewQueueEntry> = {
  items: [
    {
      kind: 'project',
      projectId: '01JQ8Z3K9V7M2T4X6B8N0C1D2E',
      orgId: 'org-kansai-solar',
      hostCountry: 'US',
      waitingSince: '2026-11-28T09:14:03.120Z',
      ageSeconds: 432000,
      link: '/projects/01JQ8Z3K9V7M2T4X6B8N0C1D2E',
      name: 'Mojave solar and storage',
      projectVersion: 4,
      submission: 'revision',
      pendingChanges: ['capacity.value'],
    },
    {
      kind: 'report',
      projectId: '01JQ8Z3K9V7M2T4X6B8N0C1D2E',
      orgId: 'org-kansai-solar',
      hostCountry: 'US',
      waitingSince: '2026-11-30T16:40:00.000Z',
      ageSeconds: 234000,
      link: '/projects/01JQ8Z3K9V7M2T4X6B8N0C1D2E/metrics/2026-10',
      period: '2026-10',
      revision: 2,
      restated: true,
    },
  ],
  nextCursor: null,
};
