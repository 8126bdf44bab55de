/**
 * What the evidence use cases need from storage: the document records (DynamoDB, in the projects
 * table: `shared/adapters/dynamodb/documents.ts`) and the objects (S3, or the local S3-compatible
 * server: `shared/adapters/s3/evidence-objects.ts`).
 */
import type { DomainEvent } from '../events/schema.ts';
import type { AuditEntry } from '../projects/schema.ts';
import type { EvidenceDocument, UploadForm } from './schema.ts';
import type { ObjectSample } from './sniff.ts';

export interface DocumentRepository {
  get(projectId: string, documentId: string): Promise<EvidenceDocument | undefined>;
  /** A project's documents, oldest first, after the given id. */
  list(
    projectId: string,
    page: { readonly limit: number; readonly afterId?: string },
  ): Promise<{ documents: EvidenceDocument[]; more: boolean }>;
  /**
   * Stores a new document with its history entry, atomically.
   * @throws ConflictError when a document with its id exists
   */
  create(document: EvidenceDocument, audit: AuditEntry): Promise<void>;
  /**
   * Stores a document's next state with its history entry, only if the stored version is still
   * `previous.version`, with the events of the decision (the outbox, `docs/events.md`), atomically.
   * @throws VersionConflictError when the stored document has moved on
   */
  update(
    previous: EvidenceDocument,
    next: EvidenceDocument,
    audit: AuditEntry,
    events?: readonly DomainEvent[],
  ): Promise<void>;
}

/** What the upload form fixes. */
export interface UploadTerms {
  readonly key: string;
  readonly contentType: string;
  readonly sizeBytes: number;
  /** The SHA-256 of the content, base64 (as S3 checksums are written). */
  readonly sha256Base64: string;
  readonly expiresInSeconds: number;
}

/** What the arrival check measured of a stored object. */
export interface ObjectInspection extends ObjectSample {
  /** SHA-256 of all bytes read, hex. */
  readonly sha256Hex: string;
  /** The media type the object was stored with. */
  readonly contentType: string | undefined;
  /** True when reading stopped early because the object was larger than allowed. */
  readonly truncated: boolean;
}

export interface EvidenceObjects {
  /** A presigned POST form that accepts exactly the object the terms describe. */
  signUpload(terms: UploadTerms): Promise<UploadForm>;
  /** A presigned GET of an object, offered as a download under `fileName`. */
  signDownload(
    key: string,
    options: { readonly fileName: string; readonly contentType: string; readonly expiresInSeconds: number },
  ): Promise<string>;
  /**
   * Reads an object once: its size, its SHA-256, its first and last bytes. Stops after `maxBytes`
   * (then `truncated`). Undefined when there is no such object (or version).
   */
  inspect(
    key: string,
    options: { readonly versionId?: string | undefined; readonly maxBytes: number },
  ): Promise<ObjectInspection | undefined>;
  /** Deletes every version of an object (and its delete markers); nothing to delete is fine. */
  deleteAllVersions(key: string): Promise<void>;
}
