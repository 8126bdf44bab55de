/**
 * Every decision the services store puts exactly one event, with the right detail, in the outbox of
 * the table it is stored in, in the same transaction; a decision that is refused or loses its race
 * stores no event (`docs/events.md`). Against DynamoDB Local, on tables of this file's own.
 */
import { ulid } from 'ulid';
import { beforeAll, describe, expect, it } from 'vitest';
import { DynamoDocumentRepository } from '../../shared/adapters/dynamodb/documents.ts';
import { DynamoIndicatorInputs } from '../../shared/adapters/dynamodb/indicator-inputs.ts';
import { DynamoIndicatorRunStore } from '../../shared/adapters/dynamodb/indicators-table.ts';
import { DynamoMetricsRepository } from '../../shared/adapters/dynamodb/metrics-table.ts';
import { DynamoProjectRepository } from '../../shared/adapters/dynamodb/projects-table.ts';
import { DocumentChecker, DocumentService, objectKeyOf } from '../../shared/domain/documents/service.ts';
import { ForbiddenError, ValidationError, VersionConflictError } from '../../shared/domain/errors.ts';
import { projectChangeEvents } from '../../shared/domain/events/decisions.ts';
import { anyEventSchema, type DomainEvent } from '../../shared/domain/events/schema.ts';
import { runIndicatorJob } from '../../shared/domain/indicator-runs/job.ts';
import { importMetricReports } from '../../shared/domain/metrics/import.ts';
import { MetricsService } from '../../shared/domain/metrics/service.ts';
import { patchProject } from '../../shared/domain/projects/project.ts';
import type { Project } from '../../shared/domain/projects/schema.ts';
import { ProjectService } from '../../shared/domain/projects/service.ts';
import { sampleFiles, sha256Hex } from '../support/evidence-files.ts';
import { InMemoryEvidenceObjects } from '../support/in-memory-documents.ts';
import { inMemoryReleaseWriter } from '../support/in-memory-releases.ts';
import { outboxEvents, outboxTestClient, outboxTestTables } from '../support/outbox-tables.ts';
import { aContext, aProjectInput, aReviewer, aSubmitter } from '../unit/domain/factories.ts';
import { aReportInput } from '../unit/domain/metrics/metric-factories.ts';

let names: Awaited<ReturnType<typeof outboxTestTables>>;
let projectService: ProjectService;
let metricsService: MetricsService;
let projects: DynamoProjectRepository;
let metrics: DynamoMetricsRepository;
let documents: DynamoDocumentRepository;

const submitter = aSubmitter({ subject: 'user-events-submitter', orgId: 'org-events' });
const reviewer = aReviewer({ subject: 'user-events-reviewer' });
const now = () => new Date().toISOString();

beforeAll(async () => {
  names = await outboxTestTables('jucip-events');
  projects = new DynamoProjectRepository(outboxTestClient, names.projects);
  metrics = new DynamoMetricsRepository(outboxTestClient, names.metrics);
  documents = new DynamoDocumentRepository(outboxTestClient, names.projects);
  projectService = new ProjectService({
    projects,
    fx: { usdRates: async () => new Map() },
    organisations: { exists: async () => true },
    now,
    newId: () => ulid(),
  });
  metricsService = new MetricsService({
    projects,
    metrics,
    reference: { factor: async () => undefined },
    documents,
    now,
  });
});

/** The events waiting in a table's outbox about one project. */
async function eventsAbout(table: 'projects' | 'metrics', projectId: string): Promise<DomainEvent[]> {
  return (await outboxEvents(names[table])).filter(
    (event) => 'projectId' in event.detail && event.detail.projectId === projectId,
  );
}

/** A project operating since 2024, created by the submitter. */
async function aCreatedProject(): Promise<Project> {
  return projectService.create(
    submitter,
    aProjectInput({ status: 'operating', statusEffectiveDate: '2024-01-10' }),
  );
}

async function anAcceptedProject(): Promise<Project> {
  const created = await aCreatedProject();
  return projectService.review(
    reviewer,
    created.id,
    { decision: 'accepted', comment: 'Checked.' },
    created.version,
  );
}

const ref = (project: Project) => ({
  projectId: project.id,
  orgId: project.orgId,
  hostCountry: project.hostCountry,
});

describe('project decisions', () => {
  it('a creation emits one ProjectSubmitted', async () => {
    const project = await aCreatedProject();

    const events = await eventsAbout('projects', project.id);

    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      type: 'ProjectSubmitted',
      version: 1,
      detail: { ...ref(project), name: project.name, projectVersion: 1 },
    });
    expect(events[0]?.id).toMatch(/^[0-9A-HJKMNP-TV-Z]{26}$/);
    expect(anyEventSchema.safeParse(events[0]).success).toBe(true);
  });

  it('a review emits one ProjectReviewed with the decision and the comment', async () => {
    const created = await aCreatedProject();

    const reviewed = await projectService.review(
      reviewer,
      created.id,
      { decision: 'changes_requested', comment: 'Name the grid connection point.' },
      created.version,
    );

    const events = await eventsAbout('projects', created.id);
    expect(events.map((event) => event.type)).toEqual(['ProjectSubmitted', 'ProjectReviewed']);
    expect(events[1]?.detail).toEqual({
      ...ref(created),
      projectVersion: reviewed.version,
      decision: 'changes_requested',
      comment: 'Name the grid connection point.',
    });
  });

  it('an edit of an accepted project emits one ProjectRevisionSubmitted naming the pending changes', async () => {
    const accepted = await anAcceptedProject();

    const revised = await projectService.patch(
      submitter,
      accepted.id,
      { name: 'Hokkaido floating wind, phase 2' },
      accepted.version,
    );

    const events = await eventsAbout('projects', accepted.id);
    expect(events.map((event) => event.type)).toEqual([
      'ProjectSubmitted',
      'ProjectReviewed',
      'ProjectRevisionSubmitted',
    ]);
    expect(events[2]?.detail).toEqual({
      ...ref(accepted),
      projectVersion: revised.version,
      pendingChanges: ['name'],
    });
  });

  it('a status change emits one ProjectRevisionSubmitted', async () => {
    const created = await projectService.create(
      submitter,
      aProjectInput({ statusEffectiveDate: '2024-01-10' }),
    );

    const changed = await projectService.changeStatus(
      submitter,
      created.id,
      { status: 'feasibility', effectiveDate: '2024-06-01' },
      created.version,
    );

    const events = await eventsAbout('projects', created.id);
    expect(events.map((event) => event.type)).toEqual(['ProjectSubmitted', 'ProjectRevisionSubmitted']);
    expect(events[1]?.detail).toMatchObject({ projectVersion: changed.version });
  });

  it('a stale If-Match, a four-eyes refusal and a bad body emit nothing', async () => {
    const created = await aCreatedProject();
    const before = await eventsAbout('projects', created.id);

    await expect(
      projectService.patch(submitter, created.id, { name: 'Late' }, created.version + 1),
    ).rejects.toThrow(VersionConflictError);
    await expect(
      projectService.review(
        aReviewer({ subject: submitter.subject }),
        created.id,
        { decision: 'accepted', comment: 'Mine.' },
        created.version,
      ),
    ).rejects.toThrow(ForbiddenError);
    await expect(
      projectService.patch(submitter, created.id, { capacity: { value: -5, unit: 'MW' } }, created.version),
    ).rejects.toThrow(ValidationError);

    expect(await eventsAbout('projects', created.id)).toEqual(before);
  });

  it('a change that loses its race stores neither the change nor its event', async () => {
    const created = await aCreatedProject();
    const context = aContext({ principal: submitter, now: now(), newId: () => ulid() });
    const first = patchProject(created, { name: 'First' }, context);
    const second = patchProject(created, { name: 'Second' }, context);
    if (!first.audit || !second.audit) throw new Error('the patches change nothing');
    await projects.update(
      created,
      first.project,
      first.audit,
      projectChangeEvents(first.project, first.audit, { occurredAt: now() }),
    );

    const losing = projectChangeEvents(second.project, second.audit, { occurredAt: now() });
    await expect(projects.update(created, second.project, second.audit, losing)).rejects.toThrow(
      VersionConflictError,
    );

    const ids = (await eventsAbout('projects', created.id)).map((event) => event.id);
    expect(ids).toHaveLength(2);
    expect(ids).not.toContain(losing[0]?.id);
  });
});

describe('report decisions', () => {
  it('a first report emits ReportSubmitted, a restatement another, a repeat nothing', async () => {
    const project = await anAcceptedProject();

    const first = await metricsService.put(submitter, project.id, '2025-04', aReportInput(), undefined);
    const restated = await metricsService.put(
      submitter,
      project.id,
      '2025-04',
      aReportInput({ generationMwh: 1_100 }),
      first.report.version,
    );
    const repeated = await metricsService.put(
      submitter,
      project.id,
      '2025-04',
      aReportInput({ generationMwh: 1_100 }),
      restated.report.version,
    );

    expect(repeated.outcome).toBe('unchanged');
    const events = await eventsAbout('metrics', project.id);
    expect(events.map((event) => event.detail)).toEqual([
      { ...ref(project), period: '2025-04', revision: 1, restated: false },
      { ...ref(project), period: '2025-04', revision: 2, restated: true },
    ]);
    expect(events.every((event) => event.type === 'ReportSubmitted')).toBe(true);
  });

  it('a verification emits ReportVerified, a rejection ReportRejected with the comment', async () => {
    const project = await anAcceptedProject();
    const april = await metricsService.put(submitter, project.id, '2025-04', aReportInput(), undefined);
    const may = await metricsService.put(submitter, project.id, '2025-05', aReportInput(), undefined);

    await metricsService.verify(
      reviewer,
      project.id,
      '2025-04',
      { decision: 'verified', comment: 'Matches the meter export.' },
      april.report.version,
    );
    await metricsService.verify(
      reviewer,
      project.id,
      '2025-05',
      { decision: 'rejected', comment: 'Generation above the meter export.' },
      may.report.version,
    );

    const decisions = (await eventsAbout('metrics', project.id)).filter(
      (event) => event.type !== 'ReportSubmitted',
    );
    expect(decisions).toMatchObject([
      { type: 'ReportVerified', detail: { ...ref(project), period: '2025-04', revision: 1 } },
      {
        type: 'ReportRejected',
        detail: { period: '2025-05', revision: 1, comment: 'Generation above the meter export.' },
      },
    ]);
  });

  it('a refused verification and a stale restatement emit nothing', async () => {
    const project = await anAcceptedProject();
    const april = await metricsService.put(submitter, project.id, '2025-04', aReportInput(), undefined);
    const before = await eventsAbout('metrics', project.id);

    await expect(
      metricsService.verify(
        aReviewer({ subject: submitter.subject }),
        project.id,
        '2025-04',
        { decision: 'verified', comment: 'Mine.' },
        april.report.version,
      ),
    ).rejects.toThrow(ForbiddenError);
    await expect(
      metricsService.put(submitter, project.id, '2025-04', aReportInput({ generationMwh: 900 }), 99),
    ).rejects.toThrow(VersionConflictError);

    expect(await eventsAbout('metrics', project.id)).toEqual(before);
  });

  it('an import emits one ReportSubmitted per stored row and none for an unchanged one', async () => {
    const project = await anAcceptedProject();
    await metricsService.put(submitter, project.id, '2025-01', aReportInput(), undefined);
    const row = (period: string, generationMwh: number) => ({
      body: { ...aReportInput({ generationMwh }), projectId: project.id, period },
    });

    const result = await importMetricReports(
      { service: metricsService, projects, metrics, reference: { factor: async () => undefined } },
      submitter,
      [row('2025-01', 1_000), row('2025-02', 800), row('2025-03', 700)],
    );

    expect(result.counts).toMatchObject({ created: 2, unchanged: 1 });
    const events = await eventsAbout('metrics', project.id);
    expect(events.map((event) => event.detail)).toMatchObject([
      { period: '2025-01', revision: 1 },
      { period: '2025-02', revision: 1, restated: false },
      { period: '2025-03', revision: 1, restated: false },
    ]);
  });
});

describe('document and indicator decisions', () => {
  it('a rejected document emits one DocumentRejected with the reason; an accepted one nothing', async () => {
    const project = await aCreatedProject();
    const objects = new InMemoryEvidenceObjects();
    const service = new DocumentService({ projects, documents, objects, now, newId: () => ulid() });
    const checker = new DocumentChecker({ projects, documents, objects, now });
    const pdf = sampleFiles['application/pdf'];
    const declare = (fileName: string) =>
      service.register(submitter, project.id, {
        fileName,
        contentType: 'application/pdf',
        sizeBytes: pdf.length,
        sha256: sha256Hex(pdf),
        kind: 'monitoring_report',
      });
    const good = await declare('good.pdf');
    const bad = await declare('bad.pdf');
    objects.objects.set(objectKeyOf(good.document), {
      bytes: Buffer.from(pdf),
      contentType: 'application/pdf',
    });
    const tampered = Buffer.from(pdf);
    tampered[tampered.length - 1] = (tampered.at(-1) ?? 0) ^ 0xff;
    objects.objects.set(objectKeyOf(bad.document), { bytes: tampered, contentType: 'application/pdf' });

    await checker.check(objectKeyOf(good.document), { arrivedAt: now() });
    await checker.check(objectKeyOf(bad.document), { arrivedAt: now() });

    const events = (await eventsAbout('projects', project.id)).filter(
      (event) => event.type === 'DocumentRejected',
    );
    expect(events).toHaveLength(1);
    expect(events[0]?.detail).toEqual({
      ...ref(project),
      documentId: bad.document.id,
      fileName: 'bad.pdf',
      reason: 'checksum_mismatch',
    });
  });

  it('a published indicator run emits one IndicatorRunPublished', async () => {
    await anAcceptedProject();
    const runs = new DynamoIndicatorRunStore(outboxTestClient, names.indicators);
    const runId = ulid();

    const result = await runIndicatorJob(
      { runId, trigger: 'manual' },
      {
        inputs: new DynamoIndicatorInputs(outboxTestClient, {
          projects: names.projects,
          metrics: names.metrics,
        }),
        runs,
        releases: inMemoryReleaseWriter(runs),
        now,
      },
    );

    expect(result.outcome).toBe('published');
    const events = (await outboxEvents(names.indicators)).filter(
      (event) => event.type === 'IndicatorRunPublished' && event.detail.runId === runId,
    );
    expect(events).toHaveLength(1);
    expect(events[0]?.detail).toEqual({
      runId,
      calcVersion: result.outcome === 'published' ? result.run.calcVersion : undefined,
    });
  });
});
