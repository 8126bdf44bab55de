/**
 * The events each stored decision emits (`docs/events.md`). The services build them beside the
 * decision and hand both to their repository, which stores them in one transaction (the outbox):
 * an event exists only for a decision that was stored, and a stored decision always has its event.
 */
import { monotonicFactory } from 'ulid';
import type { EvidenceDocument } from '../documents/schema.ts';
import type { MetricReport } from '../metrics/schema.ts';
import type { AuditEntry, Project } from '../projects/schema.ts';
import type { DomainEvent, EventDetail } from './schema.ts';
import { type EventType, eventVersions } from './types.ts';

/**
 * Event ids: ULIDs, increasing within a process even in the same millisecond, so that the outbox
 * (read in id order) gives one decision's events, and a batch's, in the order they were made.
 */
const newEventId = monotonicFactory();

/** The time an event is stamped with and the source of its id (a ULID unless a test says otherwise). */
export interface EventStamp {
  /** When the decision was made, ISO 8601 UTC. */
  readonly occurredAt: string;
  readonly newId?: () => string;
}

/** One event of `type`, with a new id. */
export function domainEvent<T extends EventType>(
  type: T,
  detail: EventDetail<T>,
  stamp: EventStamp,
): DomainEvent<T> {
  return {
    id: (stamp.newId ?? newEventId)(),
    type,
    version: eventVersions[type],
    occurredAt: stamp.occurredAt,
    detail,
  } as DomainEvent<T>;
}

function projectRef(project: Pick<Project, 'id' | 'orgId' | 'hostCountry'>) {
  return { projectId: project.id, orgId: project.orgId, hostCountry: project.hostCountry };
}

/**
 * The event of a stored project change, from its audit entry: a creation is a submission, a review
 * a decision, and any other change (an edit, a status change) a revision that waits for review.
 * Document entries are not project decisions: the document's own events cover them.
 */
export function projectChangeEvents(project: Project, audit: AuditEntry, stamp: EventStamp): DomainEvent[] {
  const ref = projectRef(project);
  switch (audit.action) {
    case 'created':
      return [
        domainEvent(
          'ProjectSubmitted',
          { ...ref, name: project.name, projectVersion: project.version },
          stamp,
        ),
      ];
    case 'edited':
    case 'status_changed':
      return [
        domainEvent(
          'ProjectRevisionSubmitted',
          {
            ...ref,
            projectVersion: project.version,
            pendingChanges: project.pendingChanges ?? audit.changes.map((change) => change.path),
          },
          stamp,
        ),
      ];
    case 'reviewed': {
      const decision = project.reviewState;
      if (decision === 'submitted') return [];
      return [
        domainEvent(
          'ProjectReviewed',
          {
            ...ref,
            projectVersion: project.version,
            decision,
            ...(audit.comment === undefined ? {} : { comment: audit.comment }),
          },
          stamp,
        ),
      ];
    }
    default:
      return [];
  }
}

/** The event of a stored report revision: a first submission or a restatement. */
export function reportSubmittedEvent(
  project: Pick<Project, 'id' | 'orgId' | 'hostCountry'>,
  report: MetricReport,
  stamp: EventStamp,
): DomainEvent {
  return domainEvent(
    'ReportSubmitted',
    {
      ...projectRef(project),
      period: report.period,
      revision: report.revision,
      restated: report.revision > 1,
    },
    stamp,
  );
}

/** The event of a stored verification decision on a report revision, if it is one. */
export function reportDecisionEvents(
  project: Pick<Project, 'id' | 'orgId' | 'hostCountry'>,
  report: MetricReport,
  stamp: EventStamp,
): DomainEvent[] {
  const ref = { ...projectRef(project), period: report.period, revision: report.revision };
  const verification = report.verification;
  if (verification.state === 'verified') return [domainEvent('ReportVerified', ref, stamp)];
  if (verification.state === 'rejected') {
    const comment = verification.comment;
    return [domainEvent('ReportRejected', { ...ref, ...(comment === undefined ? {} : { comment }) }, stamp)];
  }
  return [];
}

/** The event of a stored rejection of an evidence document. */
export function documentRejectedEvents(
  project: Pick<Project, 'id' | 'orgId' | 'hostCountry'>,
  document: EvidenceDocument,
  stamp: EventStamp,
): DomainEvent[] {
  if (document.state !== 'rejected' || document.rejection === undefined) return [];
  return [
    domainEvent(
      'DocumentRejected',
      {
        ...projectRef(project),
        documentId: document.id,
        fileName: document.fileName,
        reason: document.rejection.reason,
      },
      stamp,
    ),
  ];
}
