/** Examples of the review queue and notification answers in the OpenAPI document. */
import type { Notification } from '../../domain/notifications/schema.ts';
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

export const notificationExample: Notification = {
  id: '01KBN3Q6Z1W8V2M4T6X8B0C2D4',
  type: 'ProjectReviewed',
  audience: 'organisation',
  orgId: 'org-kansai-solar',
  title: 'Changes requested on your project: 01JQ8Z3K9V7M2T4X6B8N0C1D2E',
  link: '/projects/01JQ8Z3K9V7M2T4X6B8N0C1D2E',
  occurredAt: '2026-12-03T09:05:41.200Z',
  read: false,
  detail: {
    projectId: '01JQ8Z3K9V7M2T4X6B8N0C1D2E',
    orgId: 'org-kansai-solar',
    hostCountry: 'US',
    projectVersion: 4,
    decision: 'changes_requested',
    comment: 'Please attach the interconnection agreement.',
  },
};
