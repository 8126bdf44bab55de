/**
 * The evidence use cases: registering a document (which hands out its upload form), reading
 * documents with short-lived download links, and the arrival check that decides whether an
 * uploaded object is the document that was declared. See `docs/evidence.md`.
 */
import { decodeCursor, encodeCursor, listingFingerprint } from '../cursor.ts';
import { NotFoundError, VersionConflictError } from '../errors.ts';
import { documentRejectedEvents } from '../events/decisions.ts';
import { isProjectId } from '../ids.ts';
import type { Page } from '../pagination.ts';
import { assertAuthorized, type Principal } from '../policy.ts';
import type { ProjectRepository } from '../projects/ports.ts';
import type { AuditEntry, Project } from '../projects/schema.ts';
import { parseOrThrow } from '../validation.ts';
import { judgeArrival } from './arrival.ts';
import type { DocumentRepository, EvidenceObjects } from './ports.ts';
import {
  type DownloadLink,
  documentRegistrationSchema,
  type EvidenceDocument,
  isDocumentId,
  maxDocumentBytes,
  type Rejection,
  type UploadForm,
} from './schema.ts';

/** How long an upload form works: 15 minutes. */
export const uploadWindowSeconds = 15 * 60;
/** How long a download link works: 5 minutes. */
export const downloadLinkSeconds = 5 * 60;
/** Every document object lives under this prefix; the upload signer may write nowhere else. */
export const documentKeyPrefix = 'documents/';
/** Who the history names for the arrival check's decisions. */
export const arrivalCheckActor = 'system:arrival-check';

/** The object key of a document: ids only, never the file name (which is metadata). */
export function objectKeyOf(document: Pick<EvidenceDocument, 'projectId' | 'id'>): string {
  return `${documentKeyPrefix}${document.projectId}/${document.id}`;
}

/** The project and document ids an object key names, or undefined for a key no document has. */
export function parseObjectKey(key: string): { projectId: string; documentId: string } | undefined {
  const match = /^documents\/([^/]+)\/([^/]+)$/.exec(key);
  if (!match?.[1] || !match[2] || !isProjectId(match[1]) || !isDocumentId(match[2])) return undefined;
  return { projectId: match[1], documentId: match[2] };
}

/** The SHA-256 written as S3 writes checksums: base64 of the digest's bytes. */
export function sha256HexToBase64(hex: string): string {
  return Buffer.from(hex, 'hex').toString('base64');
}

/** A document as the API returns it: with a download link when it is available. */
export type DocumentView = EvidenceDocument & { readonly download?: DownloadLink };

/** `POST /projects/{id}/documents`: the pending document and the form to upload it with. */
export interface Registration {
  readonly document: EvidenceDocument;
  readonly upload: UploadForm;
  readonly expiresAt: string;
}

/** A history entry for a document event; the project itself does not change. */
function documentAudit(
  project: Pick<Project, 'id' | 'version'>,
  document: EvidenceDocument,
  at: string,
  by: string,
): AuditEntry {
  const action =
    document.state === 'pending'
      ? 'document_registered'
      : document.state === 'available'
        ? 'document_available'
        : 'document_rejected';
  return {
    projectId: project.id,
    at,
    by,
    action,
    version: project.version,
    changes: [],
    document: {
      id: document.id,
      version: document.version,
      kind: document.kind,
      fileName: document.fileName,
      state: document.state,
      ...(document.rejection ? { reason: document.rejection.reason } : {}),
    },
  };
}

export interface DocumentReaderDeps {
  readonly projects: Pick<ProjectRepository, 'get'>;
  readonly documents: Pick<DocumentRepository, 'get' | 'list'>;
  readonly objects: Pick<EvidenceObjects, 'signDownload'>;
  /** The current time, ISO 8601 UTC. */
  readonly now: () => string;
}

/** The read side: documents of a project, with download links for available ones. */
export class DocumentReader {
  constructor(private readonly readerDeps: DocumentReaderDeps) {}

  /** `GET /projects/{id}/documents/{docId}`. @throws NotFoundError when absent or not visible */
  async get(principal: Principal, projectId: string, documentId: string): Promise<DocumentView> {
    const project = await this.project(principal, projectId, 'document:read');
    const document = isDocumentId(documentId)
      ? await this.readerDeps.documents.get(project.id, documentId)
      : undefined;
    if (!document) throw new NotFoundError('Document not found');
    return this.view(document);
  }

  /** `GET /projects/{id}/documents`: oldest first. */
  async list(
    principal: Principal,
    projectId: string,
    request: { readonly limit: number; readonly cursor?: string | undefined },
  ): Promise<Page<DocumentView>> {
    const project = await this.project(principal, projectId, 'document:read');
    const fingerprint = listingFingerprint('documents', { projectId: project.id });
    const afterId = request.cursor ? decodeCursor(fingerprint, request.cursor, isDocumentId) : undefined;
    const { documents, more } = await this.readerDeps.documents.list(project.id, {
      limit: request.limit,
      ...(afterId ? { afterId } : {}),
    });
    const items = await Promise.all(documents.map((document) => this.view(document)));
    const last = documents.at(-1);
    return { items, nextCursor: more && last ? encodeCursor(fingerprint, last.id) : null };
  }

  private async view(document: EvidenceDocument): Promise<DocumentView> {
    if (document.state !== 'available') return document;
    const expiresAt = new Date(Date.parse(this.readerDeps.now()) + downloadLinkSeconds * 1000).toISOString();
    const url = await this.readerDeps.objects.signDownload(objectKeyOf(document), {
      fileName: document.fileName,
      contentType: document.contentType,
      expiresInSeconds: downloadLinkSeconds,
    });
    return { ...document, download: { url, expiresAt } };
  }

  /** The project, if the caller may do `action` on its documents. @throws NotFoundError / ForbiddenError */
  protected async project(
    principal: Principal,
    projectId: string,
    action: 'document:read' | 'document:register',
  ): Promise<Project> {
    const project = isProjectId(projectId) ? await this.readerDeps.projects.get(projectId) : undefined;
    if (!project) throw new NotFoundError('Project not found');
    assertAuthorized(principal, action, project);
    return project;
  }
}

export interface DocumentServiceDeps extends DocumentReaderDeps {
  readonly documents: DocumentRepository;
  readonly objects: Pick<EvidenceObjects, 'signDownload' | 'signUpload'>;
  /** A new time-sortable id (ULID). */
  readonly newId: () => string;
}

/** The write side: registration. */
export class DocumentService extends DocumentReader {
  constructor(private readonly deps: DocumentServiceDeps) {
    super(deps);
  }

  /**
   * `POST /projects/{id}/documents`: records a pending document and answers a presigned POST that
   * accepts exactly the declared file (key, media type, size, SHA-256) for 15 minutes. The form is
   * signed before anything is stored, so a failure leaves nothing behind.
   * @throws ValidationError naming every bad field (types outside the list, more than 50 MB, ...)
   */
  async register(principal: Principal, projectId: string, body: unknown): Promise<Registration> {
    const project = await this.project(principal, projectId, 'document:register');
    const input = parseOrThrow(documentRegistrationSchema, body);
    const now = this.deps.now();
    const expiresAt = new Date(Date.parse(now) + uploadWindowSeconds * 1000).toISOString();
    const document: EvidenceDocument = {
      id: this.deps.newId(),
      projectId: project.id,
      orgId: project.orgId,
      kind: input.kind,
      fileName: input.fileName,
      contentType: input.contentType,
      sizeBytes: input.sizeBytes,
      sha256: input.sha256,
      ...(input.period !== undefined ? { period: input.period } : {}),
      state: 'pending',
      uploadExpiresAt: expiresAt,
      createdAt: now,
      createdBy: principal.subject,
      version: 1,
    };
    const upload = await this.deps.objects.signUpload({
      key: objectKeyOf(document),
      contentType: document.contentType,
      sizeBytes: document.sizeBytes,
      sha256Base64: sha256HexToBase64(document.sha256),
      expiresInSeconds: uploadWindowSeconds,
    });
    await this.deps.documents.create(document, documentAudit(project, document, now, principal.subject));
    return { document, upload, expiresAt };
  }
}

export interface DocumentCheckerDeps {
  readonly projects: Pick<ProjectRepository, 'get'>;
  readonly documents: Pick<DocumentRepository, 'get' | 'update'>;
  readonly objects: Pick<EvidenceObjects, 'inspect' | 'deleteAllVersions'>;
  readonly now: () => string;
}

/** What the arrival check did with one object. */
export type ArrivalOutcome =
  | { readonly outcome: 'available'; readonly document: EvidenceDocument }
  | { readonly outcome: 'rejected'; readonly document: EvidenceDocument; readonly rejection: Rejection }
  /** No document has this key (or its project is gone): the object was deleted. */
  | { readonly outcome: 'orphan_deleted' }
  /** The document was rejected before: any object under its key was deleted again. */
  | { readonly outcome: 'already_rejected'; readonly document: EvidenceDocument }
  /** The document was available and the object (a repeat of the same upload) still passes. */
  | { readonly outcome: 'already_available'; readonly document: EvidenceDocument }
  /** The object is gone (deleted since the event); nothing to decide. */
  | { readonly outcome: 'object_missing' };

/**
 * The arrival check: S3 (or the local server) reports an object created under `documents/`, and
 * this decides what it is. It never leaves an available document without its object, nor (once it
 * has run) an object without its document: an object is deleted only after its document's
 * rejection is stored, so a failure in between is retried from a consistent state.
 */
export class DocumentChecker {
  constructor(private readonly deps: DocumentCheckerDeps) {}

  /**
   * Checks the object at `key` (the version the event names, when it names one) that arrived at
   * `arrivedAt`. Safe to repeat: S3 may deliver an event more than once.
   */
  async check(
    key: string,
    arrival: { readonly versionId?: string | undefined; readonly arrivedAt: string },
  ): Promise<ArrivalOutcome> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.checkOnce(key, arrival);
      } catch (error) {
        // A concurrent delivery of the same event decided first: decide again from what it stored.
        if (!(error instanceof VersionConflictError) || attempt >= 3) throw error;
      }
    }
  }

  private async checkOnce(
    key: string,
    arrival: { readonly versionId?: string | undefined; readonly arrivedAt: string },
  ): Promise<ArrivalOutcome> {
    const ids = parseObjectKey(key);
    const project = ids ? await this.deps.projects.get(ids.projectId) : undefined;
    const document =
      ids && project ? await this.deps.documents.get(ids.projectId, ids.documentId) : undefined;
    if (!ids || !project || !document) {
      await this.deps.objects.deleteAllVersions(key);
      return { outcome: 'orphan_deleted' };
    }
    if (document.state === 'rejected') {
      await this.deps.objects.deleteAllVersions(key);
      return { outcome: 'already_rejected', document };
    }
    // One byte more than allowed is enough to know the size is wrong; the rest need not be read.
    const object = await this.deps.objects.inspect(key, {
      versionId: arrival.versionId,
      maxBytes: Math.min(document.sizeBytes, maxDocumentBytes) + 1,
    });
    if (!object) return { outcome: 'object_missing' };
    const judged = judgeArrival(document, object, arrival.arrivedAt);
    if (document.state === 'available') {
      if (!judged) return { outcome: 'already_available', document };
      // Only the local server lets a second, different upload overwrite the first (S3 enforces the
      // form's size and checksum): the stored bytes are no longer the ones checked.
      return this.reject(project, document, {
        reason: 'object_replaced',
        message: `The file was replaced after it was accepted, by one that fails the check: ${judged.message}`,
      });
    }
    if (judged) return this.reject(project, document, judged);
    const now = this.deps.now();
    const next: EvidenceDocument = {
      ...document,
      state: 'available',
      checkedAt: now,
      version: document.version + 1,
    };
    await this.deps.documents.update(document, next, documentAudit(project, next, now, arrivalCheckActor));
    return { outcome: 'available', document: next };
  }

  private async reject(
    project: Project,
    document: EvidenceDocument,
    rejection: Rejection,
  ): Promise<ArrivalOutcome> {
    const now = this.deps.now();
    const next: EvidenceDocument = {
      ...document,
      state: 'rejected',
      rejection,
      checkedAt: now,
      version: document.version + 1,
    };
    await this.deps.documents.update(
      document,
      next,
      documentAudit(project, next, now, arrivalCheckActor),
      documentRejectedEvents(project, next, { occurredAt: now }),
    );
    await this.deps.objects.deleteAllVersions(objectKeyOf(document));
    return { outcome: 'rejected', document: next, rejection };
  }
}
