import { describe, expect, it } from 'vitest';
import type { EvidenceDocument } from '../../../../shared/domain/documents/schema.ts';
import { ValidationError } from '../../../../shared/domain/errors.ts';
import type { MetricsRepository } from '../../../../shared/domain/metrics/ports.ts';
import type { MetricReport } from '../../../../shared/domain/metrics/schema.ts';
import { MetricsService } from '../../../../shared/domain/metrics/service.ts';
import { InMemoryDocumentRepository } from '../../../support/in-memory-documents.ts';
import { InMemoryProjectRepository, sequentialUlids } from '../../../support/in-memory-projects.ts';
import { aProject, aReviewer, aSubmitter, now } from '../factories.ts';

/** The latest revision per month, enough for these tests. */
class LatestReports implements MetricsRepository {
  private readonly reports = new Map<string, MetricReport>();
  async latest(projectId: string, period: string) {
    return this.reports.get(`${projectId}/${period}`);
  }
  async revision() {
    return undefined;
  }
  async list() {
    return { reports: [], more: false };
  }
  async create(report: MetricReport) {
    this.reports.set(`${report.projectId}/${report.period}`, report);
  }
  async replace(_previous: MetricReport, next: MetricReport) {
    this.reports.set(`${next.projectId}/${next.period}`, next);
  }
}

const ids = sequentialUlids();
const owner = aSubmitter({ subject: 'user-owner' });

async function aWorld() {
  const projects = new InMemoryProjectRepository();
  const project = aProject({ id: ids() });
  const other = aProject({ id: ids() });
  const audit = { at: now, by: owner.subject, action: 'created' as const, version: 1, changes: [] };
  await projects.create(project, { ...audit, projectId: project.id });
  await projects.create(other, { ...audit, projectId: other.id, externalRefs: undefined } as never);
  const documents = new InMemoryDocumentRepository(projects);
  const stored = async (projectId: string, state: EvidenceDocument['state']) => {
    const document: EvidenceDocument = {
      id: ids(),
      projectId,
      orgId: project.orgId,
      kind: 'meter_data',
      fileName: 'meter.csv',
      contentType: 'text/csv',
      sizeBytes: 10,
      sha256: 'ab'.repeat(32),
      state,
      uploadExpiresAt: now,
      createdAt: now,
      createdBy: owner.subject,
      version: 1,
    };
    await documents.create(document, { ...audit, projectId });
    return document;
  };
  const service = new MetricsService({
    projects,
    metrics: new LatestReports(),
    reference: { factor: async () => undefined },
    documents,
    now: () => now,
  });
  return { project, other, stored, service };
}

const aBody = (documentIds: string[]) => ({
  generationMwh: 1000,
  projectEmissions: [],
  baseline: { method: 'explicit', tco2e: 450 },
  dataQuality: 2,
  documentIds,
});

async function validationErrorOf(promise: Promise<unknown>): Promise<ValidationError> {
  const error = await promise.catch((e: unknown) => e);
  expect(error).toBeInstanceOf(ValidationError);
  return error as ValidationError;
}

describe('metric reports with documentIds', () => {
  it('links available documents of the same project', async () => {
    const { project, stored, service } = await aWorld();
    const document = await stored(project.id, 'available');

    const { report } = await service.put(owner, project.id, '2025-05', aBody([document.id]), undefined);

    expect(report.documentIds).toEqual([document.id]);
  });

  it('refuses, naming each, a pending document, another project’s document and an unknown id', async () => {
    const { project, other, stored, service } = await aWorld();
    const available = await stored(project.id, 'available');
    const pending = await stored(project.id, 'pending');
    const foreign = await stored(other.id, 'available');
    const unknown = ids();

    const error = await validationErrorOf(
      service.put(
        owner,
        project.id,
        '2025-05',
        aBody([available.id, pending.id, foreign.id, unknown]),
        undefined,
      ),
    );

    expect(error.errors).toEqual([
      {
        path: 'documentIds.1',
        message: `Document ${pending.id} is pending; only available documents can be linked`,
      },
      { path: 'documentIds.2', message: `This project has no document ${foreign.id}` },
      { path: 'documentIds.3', message: `This project has no document ${unknown}` },
    ]);
  });

  it('refuses more than 20 documents and a document listed twice', async () => {
    const { project, stored, service } = await aWorld();
    const document = await stored(project.id, 'available');
    const many = Array.from({ length: 21 }, () => ids());

    expect(
      (await validationErrorOf(service.put(owner, project.id, '2025-05', aBody(many), undefined))).errors[0]
        ?.path,
    ).toBe('documentIds');
    expect(
      (
        await validationErrorOf(
          service.put(owner, project.id, '2025-05', aBody([document.id, document.id]), undefined),
        )
      ).errors,
    ).toEqual([
      { path: 'documentIds.1', message: `${document.id} is already listed; list each document once` },
    ]);
  });

  it('records in a verification the documents the reviewer saw, with their SHA-256', async () => {
    const { project, stored, service } = await aWorld();
    const document = await stored(project.id, 'available');
    const { report } = await service.put(owner, project.id, '2025-05', aBody([document.id]), undefined);

    const verified = await service.verify(
      aReviewer(),
      project.id,
      '2025-05',
      { decision: 'verified', comment: 'Matches the meter export.' },
      report.version,
    );

    expect(verified.verification.documents).toEqual([{ id: document.id, sha256: document.sha256 }]);
  });
});
