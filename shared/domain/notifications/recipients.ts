/**
 * Who is told about which event (docs/notifications.md): reviewers about what waits for them,
 * organisations about what was decided for them or what they owe. In-app always; e-mail to the
 * organisation's contacts for the events an organisation is told about (reviewers have no
 * directory of addresses here: they are told in the app).
 */
import type { DomainEvent } from '../events/schema.ts';
import type { Audience } from './schema.ts';

export interface Recipients {
  readonly audience: Audience;
  /** The organisation whose contacts get an e-mail, if any. */
  readonly emailOrgId?: string;
}

/** The recipients of an event. */
export function recipientsOf(event: DomainEvent): Recipients {
  switch (event.type) {
    case 'ProjectSubmitted':
    case 'ProjectRevisionSubmitted':
    case 'ReportSubmitted':
    case 'IndicatorRunPublished':
      return { audience: { kind: 'reviewers' } };
    case 'ProjectReviewed':
    case 'ReportVerified':
    case 'ReportRejected':
    case 'DocumentRejected':
    case 'ReportDue':
      return {
        audience: { kind: 'organisation', orgId: event.detail.orgId },
        emailOrgId: event.detail.orgId,
      };
  }
}

/** The API path of what an event is about, if it is about one thing. */
export function linkOf(event: DomainEvent): string | undefined {
  switch (event.type) {
    case 'ProjectSubmitted':
    case 'ProjectRevisionSubmitted':
    case 'ProjectReviewed':
      return `/projects/${event.detail.projectId}`;
    case 'ReportSubmitted':
    case 'ReportVerified':
    case 'ReportRejected':
    case 'ReportDue':
      return `/projects/${event.detail.projectId}/metrics/${event.detail.period}`;
    case 'DocumentRejected':
      return `/projects/${event.detail.projectId}/documents/${event.detail.documentId}`;
    case 'IndicatorRunPublished':
      return `/indicators/runs/${event.detail.runId}`;
  }
}
