/**
 * The arrival check against real storage: DynamoDB Local for the records and the local
 * S3-compatible server (s3rver, on a free port) for the objects, with uploads through the
 * presigned POST the API hands out and the check triggered by the server's object events, as
 * `npm start` wires them. Every refusal ends in a `rejected` document and no object.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { S3Event } from 'aws-lambda';
import { ulid } from 'ulid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalS3, localBucketEnvironment, startLocalS3 } from '../../infra/local/s3-local.ts';
import { documentClient } from '../../shared/adapters/dynamodb/document-client.ts';
import { DynamoDocumentRepository } from '../../shared/adapters/dynamodb/documents.ts';
import { DynamoProjectRepository } from '../../shared/adapters/dynamodb/projects-table.ts';
import { createS3Client } from '../../shared/adapters/s3/client.ts';
import { S3EvidenceObjects } from '../../shared/adapters/s3/evidence-objects.ts';
import { tableName } from '../../shared/config/env.ts';
import type { DocumentContentType, EvidenceDocument } from '../../shared/domain/documents/schema.ts';
import { DocumentChecker, DocumentService, objectKeyOf } from '../../shared/domain/documents/service.ts';
import { createProject } from '../../shared/domain/projects/project.ts';
import { ProjectReader } from '../../shared/domain/projects/service.ts';
import { functions } from '../../shared/routes.ts';
import { sampleFiles, sha256Hex, windowsExecutable } from '../support/evidence-files.ts';
import { aContext, aProjectInput, aSubmitter } from '../unit/domain/factories.ts';

const projects = new DynamoProjectRepository(documentClient, tableName('projects'));
const documents = new DynamoDocumentRepository(documentClient, tableName('projects'));
const directory = mkdtempSync(join(tmpdir(), 'jucip-s3-'));
let s3: LocalS3;
let objects: S3EvidenceObjects;
/** Invocations that failed after their retries: none may. */
const failures: unknown[] = [];

beforeAll(async () => {
  const handlers = new Map<string, Promise<(event: S3Event) => Promise<unknown>>>();
  s3 = await startLocalS3({
    directory,
    resetOnClose: true,
    functions: Object.values(functions),
    invoke: async (definition, event) => {
      expect(definition.id).toBe('document-check');
      // Imported once the environment names the bucket and the server, as the local runtime does.
      let handler = handlers.get(definition.id);
      if (!handler) {
        handler = import('../../functions/document-check/handler.ts').then((module) => module.handler);
        handlers.set(definition.id, handler);
      }
      return (await handler)(event);
    },
    onError: (_definition, error) => {
      failures.push(error);
    },
  });
  Object.assign(process.env, localBucketEnvironment(s3.endpoint));
  objects = new S3EvidenceObjects(createS3Client(s3.endpoint), {
    bucket: process.env.EVIDENCE_BUCKET_NAME as string,
    versioned: false,
  });
});

afterAll(async () => {
  expect(failures).toEqual([]);
  await s3?.stop();
  rmSync(directory, { recursive: true, force: true });
});

const owner = aSubmitter({ orgId: 'org-evidence' });

async function aStoredProject() {
  const { project, audit } = createProject(
    aProjectInput({ statusEffectiveDate: '2024-01-10' }),
    aContext({ principal: owner, newId: () => ulid(), now: new Date().toISOString() }),
  );
  await projects.create(project, audit);
  return project;
}

/** Registers a document as declared, with the clock at `registeredAt`. */
async function registered(
  declared: { contentType: DocumentContentType; bytes: Uint8Array; sizeBytes?: number },
  registeredAt = new Date(),
) {
  const service = new DocumentService({
    projects,
    documents,
    objects,
    now: () => registeredAt.toISOString(),
    newId: () => ulid(),
  });
  const project = await aStoredProject();
  return service.register(owner, project.id, {
    fileName: 'evidence file',
    contentType: declared.contentType,
    sizeBytes: declared.sizeBytes ?? declared.bytes.length,
    sha256: sha256Hex(declared.bytes),
    kind: 'meter_data',
  });
}

/** Uploads with the form as a browser would (multipart POST), then waits for the arrival check. */
async function upload(form: { url: string; fields: Readonly<Record<string, string>> }, bytes: Uint8Array) {
  const body = new FormData();
  for (const [name, value] of Object.entries(form.fields)) body.append(name, value);
  body.append('file', new Blob([bytes]));
  const response = await fetch(form.url, { method: 'POST', body });
  expect(response.status).toBe(204);
  await s3.idle();
}

async function stateOf(document: EvidenceDocument) {
  const stored = await documents.get(document.projectId, document.id);
  const object = await objects.inspect(objectKeyOf(document), { maxBytes: 60_000_000 });
  return { stored, object };
}

describe('the arrival check, on objects uploaded to the local S3 server', () => {
  it.each(Object.entries(sampleFiles))(
    'makes a %s that is what was declared available, object kept',
    async (type, bytes) => {
      const { document, upload: form } = await registered({
        contentType: type as DocumentContentType,
        bytes,
      });

      await upload(form, bytes);

      const { stored, object } = await stateOf(document);
      expect(stored).toMatchObject({ state: 'available', version: 2 });
      expect(stored?.rejection).toBeUndefined();
      expect(object?.sha256Hex).toBe(document.sha256);
    },
  );

  it('rejects a file whose SHA-256 is not the declared one, and deletes it', async () => {
    const declared = sampleFiles['application/pdf'];
    const other = Buffer.from(declared);
    other[other.length - 2] = 0x21;
    const { document, upload: form } = await registered({ contentType: 'application/pdf', bytes: declared });

    await upload(form, other);

    const { stored, object } = await stateOf(document);
    expect(stored?.state).toBe('rejected');
    expect(stored?.rejection?.reason).toBe('checksum_mismatch');
    expect(object).toBeUndefined();
  });

  it('rejects a file of another size than declared (the local server does not enforce the form’s range)', async () => {
    const bytes = sampleFiles['text/csv'];
    const { document, upload: form } = await registered({ contentType: 'text/csv', bytes });

    await upload(form, Buffer.concat([bytes, Buffer.from('2026-10,99\n')]));

    const { stored, object } = await stateOf(document);
    expect(stored?.rejection?.reason).toBe('size_mismatch');
    expect(stored?.rejection?.message).toMatch(/but \d+ were declared/);
    expect(object).toBeUndefined();
  });

  it('rejects an executable declared and sent as a PDF, naming what it really is', async () => {
    const { document, upload: form } = await registered({
      contentType: 'application/pdf',
      bytes: windowsExecutable,
    });

    await upload(form, windowsExecutable);

    const { stored, object } = await stateOf(document);
    expect(stored?.rejection).toEqual({
      reason: 'type_mismatch',
      message: 'The file should be a PDF document, but its bytes are a Windows executable (MZ)',
    });
    expect(object).toBeUndefined();
  });

  it('rejects a file that arrives after its upload form expired', async () => {
    const bytes = sampleFiles['application/json'];
    const longAgo = new Date(Date.now() - 60 * 60 * 1000);
    const { document, upload: form } = await registered({ contentType: 'application/json', bytes }, longAgo);

    await upload(form, bytes);

    const { stored, object } = await stateOf(document);
    expect(stored?.rejection?.reason).toBe('upload_expired');
    expect(object).toBeUndefined();
  });

  it('rejects a file larger than 50 MB sent for a smaller declaration, reading no more than needed', async () => {
    const declared = sampleFiles['application/zip'];
    const { document, upload: form } = await registered({ contentType: 'application/zip', bytes: declared });
    const huge = Buffer.concat([declared, Buffer.alloc(50_000_001)]);

    await upload(form, huge);

    const { stored, object } = await stateOf(document);
    expect(stored?.rejection?.reason).toBe('size_mismatch');
    expect(stored?.rejection?.message).toMatch(/more than/);
    expect(object).toBeUndefined();
  });

  it('deletes an object that no document was registered for', async () => {
    const project = await aStoredProject();
    const stray = { projectId: project.id, id: ulid() };
    const form = await objects.signUpload({
      key: objectKeyOf(stray),
      contentType: 'application/pdf',
      sizeBytes: 5,
      sha256Base64: '',
      expiresInSeconds: 60,
    });

    await upload(form, Buffer.from('%PDF-'));

    expect(await objects.inspect(objectKeyOf(stray), { maxBytes: 100 })).toBeUndefined();
  });

  it('records each decision in the project’s history, after the registration', async () => {
    const bytes = sampleFiles['image/png'];
    const { document, upload: form } = await registered({ contentType: 'image/png', bytes });

    await upload(form, bytes);

    const { entries } = await projects.history(document.projectId, 10);
    expect(entries.map((entry) => [entry.action, entry.document?.state])).toEqual([
      ['created', undefined],
      ['document_registered', 'pending'],
      ['document_available', 'available'],
    ]);
  });

  it('decides once when the same event is delivered again', async () => {
    const bytes = sampleFiles['image/jpeg'];
    const { document, upload: form } = await registered({ contentType: 'image/jpeg', bytes });
    await upload(form, bytes);
    const checker = new DocumentChecker({
      projects,
      documents,
      objects,
      now: () => new Date().toISOString(),
    });

    const again = await checker.check(objectKeyOf(document), { arrivedAt: new Date().toISOString() });

    expect(again.outcome).toBe('already_available');
    expect((await documents.get(document.projectId, document.id))?.version).toBe(2);
  });

  it('pages a project’s documents and its history one entry at a time without losing any', async () => {
    const service = new DocumentService({
      projects,
      documents,
      objects,
      now: () => new Date().toISOString(),
      newId: () => ulid(),
    });
    const project = await aStoredProject();
    const bytes = sampleFiles['text/csv'];
    const body = {
      fileName: 'm.csv',
      contentType: 'text/csv',
      sizeBytes: bytes.length,
      sha256: sha256Hex(bytes),
      kind: 'meter_data',
    };
    const registeredIds = [];
    for (let i = 0; i < 3; i++)
      registeredIds.push((await service.register(owner, project.id, body)).document.id);

    const listed: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await service.list(owner, project.id, { limit: 1, cursor });
      listed.push(...page.items.map((document) => document.id));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    const reader = new ProjectReader(projects);
    const actions: string[] = [];
    let historyCursor: string | undefined;
    do {
      const page = await reader.history(owner, project.id, 1, historyCursor);
      actions.push(...page.items.map((entry) => entry.action));
      historyCursor = page.nextCursor ?? undefined;
    } while (historyCursor);

    expect(listed).toEqual(registeredIds);
    expect(actions).toEqual(['created', 'document_registered', 'document_registered', 'document_registered']);
  });
});
