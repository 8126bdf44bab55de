/**
 * Reviewed before published: a project's accepted version is what everyone outside its
 * organisation, the indicators and the exports read; its current record, with the changes still
 * awaiting review, is read by its organisation, reviewers and admins only. The rules are written
 * for readers in `docs/review-and-publication.md`.
 *
 * Invariants every stored project keeps (the operations in `project.ts` make them hold):
 * - `acceptedVersion` is defined exactly when a version is published: the project is `accepted`
 *   (the current record is then the accepted version itself) or has a pending revision
 *   (`submitted`, `changes_requested` or `rejected`, with the accepted version kept apart);
 * - `withdrawn` and never-accepted projects have no `acceptedVersion`.
 */
import { describeChanges } from '../audit.ts';
import { type Principal, seesCurrentRecord } from '../policy.ts';
import type { Project } from './schema.ts';

/** A project as stored: its current record and, while one is published, its accepted version. */
export interface StoredProject {
  /** The latest revision, reviewed or not. */
  readonly current: Project;
  /** The record as it stood when a reviewer last accepted it; undefined when nothing is published. */
  readonly accepted: Project | undefined;
}

/** Fields that say how a record stands in review rather than what it says: never a pending change. */
const reviewBookkeeping = [
  'version',
  'updatedAt',
  'reviewState',
  'acceptedVersion',
  'pendingChanges',
  'revisionAuthors',
] as const;

/** The version a reviewer last accepted, for records stored before accepted versions were kept too. */
export function acceptedVersionOf(project: Project): number | undefined {
  return project.acceptedVersion ?? (project.reviewState === 'accepted' ? project.version : undefined);
}

/** Whether a version of the project is published (accepted, possibly with a pending revision). */
export function isPublished(project: Project): boolean {
  return acceptedVersionOf(project) !== undefined;
}

/** Whether the current record is a revision awaiting review while an earlier accepted version stays published. */
export function hasPendingRevision(project: Project): boolean {
  return isPublished(project) && project.reviewState !== 'accepted';
}

/** The field paths (as in audit entries) in which `current` differs from the accepted version. */
export function pendingChangesOf(current: Project, accepted: Project): string[] {
  return describeChanges(accepted, current, reviewBookkeeping).map((change) => change.path);
}

/** Who authored the changes awaiting review; records stored before this was kept count their creator until accepted. */
export function revisionAuthorsOf(project: Project): readonly string[] {
  return project.revisionAuthors ?? (isPublished(project) ? [] : [project.createdBy]);
}

/** The accepted version as readers outside the project's organisation get it: nothing about the review in progress. */
export function publishedView(accepted: Project): Project {
  const { pendingChanges: _pending, revisionAuthors: _authors, ...record } = accepted;
  return { ...record, acceptedVersion: accepted.version };
}

/**
 * The version of a project the caller reads: the current record for its organisation's submitters,
 * reviewers and admins; the accepted version for everyone else, or undefined when nothing is
 * published (the project is then as invisible to them as one that does not exist).
 */
export function versionFor(principal: Principal, stored: StoredProject): Project | undefined {
  if (seesCurrentRecord(principal, stored.current)) return stored.current;
  return stored.accepted === undefined ? undefined : publishedView(stored.accepted);
}

/** What the policy decides on for the caller: the version it reads, or the current record when none is published to it. */
export function accessFactsFor(principal: Principal, stored: StoredProject): Project {
  return versionFor(principal, stored) ?? stored.current;
}
