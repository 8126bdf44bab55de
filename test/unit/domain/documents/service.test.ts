import { describe, expect, it } from 'vitest';
import {
  DocumentChecker,
  DocumentService,
  downloadLinkSeconds,
  objectKeyOf,
  uploadWindowSeconds,
} from '../../../../shared/domain/documents/service.ts';
import { NotFoundError, ValidationError } from '../../../../shared/domain/errors.ts';
import type { Principal } from '../../../../shared/domain/policy.ts';
import { ProjectReader, ProjectService } from '../../../../shared/domain/projects/service.ts';
import { sampleFiles, sha256Hex, windowsExecutable } from '../../../support/evidence-files.ts';
import { InMemoryDocumentRepository, InMemoryEvidenceObjects } from '../../../support/in-memory-documents.ts';
import { everyOrganisationRegistered } from '../../../support/in-memory-organisations.ts';
import {
  InMemoryFxRates,
  InMemoryProjectRepository,
  sequentialUlids,
} from '../../../support/in-memory-projects.ts';
import { anAdmin, aProjectInput, aReviewer, aSubmitter, now } from '../factories.ts';

const owner = aSubmitter({ subject: 'user-owner', orgId: 'org-owner' });
const otherSubmitter = aSubmitter({ subject: 'user-other', orgId: 'org-other' });
const aViewer = (orgId?: string): Principal => ({
  subject: 'user-viewer',
  roles: ['viewer'],
  ...(orgId ? { orgId } : {}),
});
const pdf = sampleFiles['application/pdf'];

async function aWorld() {
  const projects = new InMemoryProjectRepository();
  const documents = new InMemoryDocumentRepository(projects);
  const objects = new InMemoryEvidenceObjects();
  const newId = sequentialUlids();
  const projectService = new ProjectService({
    projects,
    fx: new InMemoryFxRates({}),
    now: () => now,
    newId,
    organisations: everyOrganisationRegistered,
  });
  const project = await projectService.create(owner, aProjectInput({ statusEffectiveDate: '2024-01-10' }));
  const service = new DocumentService({ projects, documents, objects, now: () => now, newId });
  const checker = new DocumentChecker({ projects, documents, objects, now: () => now });
  return { projects, documents, objects, project, service, checker };
}

const aRegistration = (overrides: Record<string, unknown> = {}) => ({
  fileName: 'report.pdf',
  contentType: 'application/pdf',
  sizeBytes: pdf.length,
  sha256: sha256Hex(pdf).toUpperCase(),
  kind: 'monitoring_report',
  period: '2025-05',
  ...overrides,
});

describe('DocumentService.register', () => {
  it('stores a pending document and signs a form for exactly the declared file, for 15 minutes', async () => {
    const { service, objects, project } = await aWorld();

    const { document, upload, expiresAt } = await service.register(owner, project.id, aRegistration());

    expect(document).toMatchObject({
      state: 'pending',
      version: 1,
      sha256: sha256Hex(pdf),
      orgId: project.orgId,
    });
    expect(expiresAt).toBe(new Date(Date.parse(now) + uploadWindowSeconds * 1000).toISOString());
    expect(objects.signedUploads).toEqual([
      {
        key: `documents/${project.id}/${document.id}`,
        contentType: 'application/pdf',
        sizeBytes: pdf.length,
        sha256Base64: Buffer.from(sha256Hex(pdf), 'hex').toString('base64'),
        expiresInSeconds: 900,
      },
    ]);
    expect(upload.fields.key).not.toContain('report.pdf');
  });

  it('refuses a type outside the list, a file over 50 MB and a malformed checksum, naming each field', async () => {
    const { service, project, documents } = await aWorld();

    const error = await service
      .register(
        owner,
        project.id,
        aRegistration({ contentType: 'application/x-msdownload', sizeBytes: 50_000_001, sha256: 'abc' }),
      )
      .catch((e: unknown) => e);

    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).errors.map((e) => e.path)).toEqual([
      'contentType',
      'sizeBytes',
      'sha256',
    ]);
    expect((await documents.list(project.id, { limit: 10 })).documents).toEqual([]);
  });

  it('refuses a file name with a path in it', async () => {
    const { service, project } = await aWorld();

    await expect(
      service.register(owner, project.id, aRegistration({ fileName: '../../etc/passwd' })),
    ).rejects.toThrow(ValidationError);
  });

  it('lets an admin register, but answers 404 to another organisation and to viewers', async () => {
    const { service, project } = await aWorld();

    await expect(service.register(anAdmin(), project.id, aRegistration())).resolves.toBeDefined();
    await expect(service.register(otherSubmitter, project.id, aRegistration())).rejects.toThrow(
      NotFoundError,
    );
    await expect(service.register(aViewer(), project.id, aRegistration())).rejects.toThrow(NotFoundError);
  });
});

describe('DocumentReader', () => {
  it('signs a five-minute download link for available documents only', async () => {
    const { service, checker, objects, project } = await aWorld();
    const { document } = await service.register(owner, project.id, aRegistration());
    expect((await service.get(owner, project.id, document.id)).download).toBeUndefined();

    objects.objects.set(objectKeyOf(document), { bytes: pdf, contentType: 'application/pdf' });
    await checker.check(objectKeyOf(document), { arrivedAt: now });

    const read = await service.get(aReviewer(), project.id, document.id);
    expect(read.state).toBe('available');
    expect(read.download?.url).toContain(`expires=${downloadLinkSeconds}`);
  });

  it('shows documents to the owning organisation, reviewers and admins; 404 to everyone else', async () => {
    const { service, project } = await aWorld();
    const { document } = await service.register(owner, project.id, aRegistration());

    for (const principal of [owner, aReviewer(), anAdmin()]) {
      expect((await service.list(principal, project.id, { limit: 10 })).items).toHaveLength(1);
    }
    for (const principal of [otherSubmitter, aViewer('org-other')]) {
      await expect(service.get(principal, project.id, document.id)).rejects.toThrow(NotFoundError);
      await expect(service.list(principal, project.id, { limit: 10 })).rejects.toThrow(NotFoundError);
    }
  });

  it('pages through a project’s documents, oldest first', async () => {
    const { service, project } = await aWorld();
    const ids = [];
    for (let i = 0; i < 3; i++)
      ids.push((await service.register(owner, project.id, aRegistration())).document.id);

    const first = await service.list(owner, project.id, { limit: 2 });
    const second = await service.list(owner, project.id, { limit: 2, cursor: first.nextCursor ?? '' });

    expect([...first.items, ...second.items].map((d) => d.id)).toEqual(ids);
    expect(second.nextCursor).toBeNull();
  });
});

describe('DocumentChecker', () => {
  it('rejects, then deletes, an executable sent as a PDF', async () => {
    const { service, checker, objects, documents, project } = await aWorld();
    const { document } = await service.register(
      owner,
      project.id,
      aRegistration({ sizeBytes: windowsExecutable.length, sha256: sha256Hex(windowsExecutable) }),
    );
    objects.objects.set(objectKeyOf(document), { bytes: windowsExecutable, contentType: 'application/pdf' });

    const outcome = await checker.check(objectKeyOf(document), { arrivedAt: now });

    expect(outcome.outcome).toBe('rejected');
    expect((await documents.get(project.id, document.id))?.rejection?.reason).toBe('type_mismatch');
    expect(objects.objects.has(objectKeyOf(document))).toBe(false);
  });

  it('rejects an available document whose object was replaced by a different one', async () => {
    const { service, checker, objects, documents, project } = await aWorld();
    const { document } = await service.register(owner, project.id, aRegistration());
    objects.objects.set(objectKeyOf(document), { bytes: pdf, contentType: 'application/pdf' });
    await checker.check(objectKeyOf(document), { arrivedAt: now });

    objects.objects.set(objectKeyOf(document), { bytes: windowsExecutable, contentType: 'application/pdf' });
    await checker.check(objectKeyOf(document), { arrivedAt: now });

    expect((await documents.get(project.id, document.id))?.rejection?.reason).toBe('object_replaced');
    expect(objects.objects.has(objectKeyOf(document))).toBe(false);
  });

  it('deletes objects under keys that name no document', async () => {
    const { checker, objects } = await aWorld();
    objects.objects.set('documents/not-a-project/x', { bytes: pdf, contentType: 'application/pdf' });

    expect(await checker.check('documents/not-a-project/x', { arrivedAt: now })).toEqual({
      outcome: 'orphan_deleted',
    });
    expect(objects.deleted).toEqual(['documents/not-a-project/x']);
  });

  it('decides nothing for an object that is already gone', async () => {
    const { service, checker, documents, project } = await aWorld();
    const { document } = await service.register(owner, project.id, aRegistration());

    expect(await checker.check(objectKeyOf(document), { arrivedAt: now })).toEqual({
      outcome: 'object_missing',
    });
    expect((await documents.get(project.id, document.id))?.state).toBe('pending');
  });
});

describe('document events in the project history', () => {
  it('are shown to those who see documents and left out for viewers, whose cursor still moves on', async () => {
    const { service, checker, objects, projects, project } = await aWorld();
    const { document } = await service.register(owner, project.id, aRegistration());
    objects.objects.set(objectKeyOf(document), { bytes: pdf, contentType: 'application/pdf' });
    await checker.check(objectKeyOf(document), { arrivedAt: now });
    const reader = new ProjectReader(projects);
    await projects.update(
      project,
      { ...project, reviewState: 'accepted', version: 2 },
      {
        projectId: project.id,
        at: now,
        by: 'user-reviewer',
        action: 'reviewed',
        version: 2,
        changes: [],
      },
    );

    const owners = await reader.history(owner, project.id, 10);
    const viewers = await reader.history(aViewer('org-other'), project.id, 10);
    const firstPage = await reader.history(aViewer('org-other'), project.id, 2);
    const rest = await reader.history(aViewer('org-other'), project.id, 10, firstPage.nextCursor ?? '');

    expect(owners.items.map((e) => e.action)).toEqual([
      'created',
      'document_registered',
      'document_available',
      'reviewed',
    ]);
    expect(viewers.items.map((e) => e.action)).toEqual(['created', 'reviewed']);
    expect([...firstPage.items, ...rest.items].map((e) => e.action)).toEqual(['created', 'reviewed']);
  });
});
