/**
 * In-memory stand-ins for the evidence ports: documents (whose history entries go to the projects
 * fake, as the adapter writes them into the projects table) and objects (a map of keys to bytes,
 * with forms and links that only record what they were asked to sign).
 */
import { createHash } from 'node:crypto';
import type {
  DocumentRepository,
  EvidenceObjects,
  ObjectInspection,
  UploadTerms,
} from '../../shared/domain/documents/ports.ts';
import type { EvidenceDocument, UploadForm } from '../../shared/domain/documents/schema.ts';
import { ConflictError, VersionConflictError } from '../../shared/domain/errors.ts';
import type { DomainEvent } from '../../shared/domain/events/schema.ts';
import type { AuditEntry } from '../../shared/domain/projects/schema.ts';
import type { InMemoryProjectRepository } from './in-memory-projects.ts';

export class InMemoryDocumentRepository implements DocumentRepository {
  private readonly documents = new Map<string, EvidenceDocument>();

  constructor(private readonly projects: InMemoryProjectRepository) {}

  async get(projectId: string, documentId: string): Promise<EvidenceDocument | undefined> {
    const document = this.documents.get(`${projectId}/${documentId}`);
    return document && structuredClone(document);
  }

  async list(projectId: string, page: { readonly limit: number; readonly afterId?: string }) {
    const all = [...this.documents.values()]
      .filter((d) => d.projectId === projectId && (page.afterId === undefined || d.id > page.afterId))
      .sort((a, b) => (a.id < b.id ? -1 : 1));
    return {
      documents: all.slice(0, page.limit).map((d) => structuredClone(d)),
      more: all.length > page.limit,
    };
  }

  async create(document: EvidenceDocument, audit: AuditEntry): Promise<void> {
    const key = `${document.projectId}/${document.id}`;
    if (this.documents.has(key)) throw new ConflictError(`Document ${document.id} already exists`);
    this.documents.set(key, structuredClone(document));
    this.projects.appendAudit(audit);
  }

  async update(
    previous: EvidenceDocument,
    next: EvidenceDocument,
    audit: AuditEntry,
    events: readonly DomainEvent[] = [],
  ): Promise<void> {
    const key = `${next.projectId}/${next.id}`;
    if (this.documents.get(key)?.version !== previous.version) {
      throw new VersionConflictError(`Document ${next.id} has changed since version ${previous.version}`);
    }
    this.projects.events.push(...structuredClone(events));
    this.documents.set(key, structuredClone(next));
    this.projects.appendAudit(audit);
  }
}

export class InMemoryEvidenceObjects implements EvidenceObjects {
  readonly objects = new Map<string, { bytes: Buffer; contentType: string }>();
  readonly signedUploads: UploadTerms[] = [];
  readonly deleted: string[] = [];

  async signUpload(terms: UploadTerms): Promise<UploadForm> {
    this.signedUploads.push(terms);
    return { url: 'https://bucket.example/', fields: { key: terms.key } };
  }

  async signDownload(key: string, options: { readonly expiresInSeconds: number }): Promise<string> {
    return `https://bucket.example/${key}?expires=${options.expiresInSeconds}`;
  }

  async inspect(key: string, options: { readonly maxBytes: number }): Promise<ObjectInspection | undefined> {
    const object = this.objects.get(key);
    if (!object) return undefined;
    const truncated = object.bytes.length > options.maxBytes;
    const read = truncated ? object.bytes.subarray(0, options.maxBytes) : object.bytes;
    return {
      head: read.subarray(0, 4096),
      tail: read,
      sizeBytes: read.length,
      sha256Hex: createHash('sha256').update(read).digest('hex'),
      contentType: object.contentType,
      truncated,
    };
  }

  async deleteAllVersions(key: string): Promise<void> {
    this.deleted.push(key);
    this.objects.delete(key);
  }
}
