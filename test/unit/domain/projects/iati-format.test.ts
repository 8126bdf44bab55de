/**
 * The IATI file's bytes: the layout it has always had (declaration, two-space indentation, empty
 * elements self-closed, no newline at the end), every free text read back exactly as stored however
 * hostile or non-ASCII it is, and the file written an activity at a time as the pages are read.
 *
 * `test/fixtures/iati-activities.xml` was written from `iati-sample-projects.ts` by the xmlbuilder2
 * writer the file had before it moved to fast-xml-parser's builder, so the first test shows the
 * change kept the file byte for byte. Regenerate it only for a deliberate change of layout.
 */
import { readFileSync } from 'node:fs';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { IatiExport, type IatiReportingOrg } from '../../../../shared/domain/projects/iati/activities.ts';
import type { ProjectListQuery } from '../../../../shared/domain/projects/ports.ts';
import { createProject, reviewProject } from '../../../../shared/domain/projects/project.ts';
import type { ProjectCreateInput } from '../../../../shared/domain/projects/schema.ts';
import { InMemoryProjectRepository } from '../../../support/in-memory-projects.ts';
import { aContext, aProjectInput, aReviewer } from '../factories.ts';
import { sampleProjectCount, sampleProjects } from './iati-sample-projects.ts';

const viewer = { subject: 'viewer-1', roles: ['viewer' as const] };
const fixture = new URL('../../../fixtures/iati-activities.xml', import.meta.url);

async function iatiFile(
  repository: Pick<InMemoryProjectRepository, 'list'>,
  options: { pageSize?: number; reportingOrg?: IatiReportingOrg; write?: (chunk: string) => void } = {},
): Promise<string> {
  const chunks: string[] = [];
  await new IatiExport({
    projects: repository,
    reportingOrg: options.reportingOrg ?? { ref: 'XI-JUCIP', name: 'JUCIP tracker', type: '15' },
    now: () => '2026-12-03T10:00:00.000Z',
    ...(options.pageSize ? { pageSize: options.pageSize } : {}),
  }).write(viewer, (chunk) => {
    chunks.push(chunk);
    options.write?.(chunk);
  });
  return chunks.join('');
}

interface ParsedActivity {
  readonly title: { readonly narrative: string };
  readonly description?: { readonly narrative: string };
  readonly 'reporting-org': { readonly narrative: string };
  readonly 'participating-org': { readonly narrative: string }[];
}

/**
 * The activities of a well-formed file, read by fast-xml-parser's parser (code apart from the
 * builder's package) with every text kept as written.
 */
function parsedActivities(xml: string): ParsedActivity[] {
  expect(XMLValidator.validate(xml)).toBe(true);
  const parser = new XMLParser({
    ignoreAttributes: false,
    parseTagValue: false,
    trimValues: false,
    isArray: (name) => name === 'iati-activity' || name === 'participating-org',
  });
  return parser.parse(xml)['iati-activities']['iati-activity'];
}

function parsedActivity(xml: string): ParsedActivity {
  const [activity, ...others] = parsedActivities(xml);
  expect(others).toEqual([]);
  if (!activity) throw new Error('no activity in the file');
  return activity;
}

/** A repository holding one project, created from `overrides` and accepted. */
async function publishedProject(overrides: Partial<ProjectCreateInput>): Promise<InMemoryProjectRepository> {
  const repository = new InMemoryProjectRepository();
  const ctx = aContext();
  const created = createProject(aProjectInput(overrides), ctx);
  await repository.create(created.project, created.audit);
  const accepted = reviewProject(
    created.project,
    { decision: 'accepted', comment: 'ok' },
    { principal: aReviewer(), now: ctx.now },
  );
  await repository.update(created.project, accepted.project, accepted.audit);
  return repository;
}

describe('GET /projects/iati.xml: the bytes of the file', () => {
  it('writes the sample of many projects byte for byte as the fixture', async () => {
    const repository = await sampleProjects();
    const xml = await iatiFile(repository, {
      pageSize: 25,
      reportingOrg: { ref: 'XI-JUCIP', name: 'JUCIP & partners <tracker>', type: '15' },
    });

    expect(parsedActivities(xml)).toHaveLength(sampleProjectCount);
    expect(xml).toBe(readFileSync(fixture, 'utf8'));
  });

  it('reads back hostile and Japanese texts exactly as they were stored', async () => {
    const hostile = 'A & B <x> "q" \'a\' ]]>';
    const japanese = '北海道洋上風力「はまなす」実証 — 第２期 🌊';
    // Text that already looks like markup or a reference is text too, and must not come back decoded.
    const referenceLike = 'R&amp;D &lt;b&gt; &#x41; <![CDATA[x]]> <!-- c -->';
    const summary = `${japanese}\n\t${hostile}\n${referenceLike}`;
    const repository = await publishedProject({
      name: hostile,
      summary,
      participants: [
        { name: japanese, country: 'JP', role: 'developer' },
        { name: referenceLike, country: 'US', role: 'investor' },
      ],
    });

    const xml = await iatiFile(repository, { reportingOrg: { ref: 'XI-JUCIP', name: japanese, type: '15' } });
    const activity = parsedActivity(xml);

    expect(activity.title.narrative).toBe(hostile);
    expect(activity.description?.narrative).toBe(summary);
    expect(activity['participating-org'].map((org) => org.narrative)).toEqual([japanese, referenceLike]);
    expect(activity['reporting-org'].narrative).toBe(japanese);
    // Japanese is written as UTF-8 characters, not as references.
    expect(xml).toContain(`<narrative>${japanese}</narrative>`);
  });

  it('writes characters XML cannot carry as U+FFFD, so one bad text cannot spoil the file', async () => {
    const repository = await publishedProject({ name: 'Bell\u0007 NUL\u0000 lone\uD800 end\uFFFF' });

    const xml = await iatiFile(repository);

    expect(parsedActivity(xml).title.narrative).toBe('Bell\uFFFD NUL\uFFFD lone\uFFFD end\uFFFD');
  });

  it('writes each activity before it reads the next page, and no page twice', async () => {
    const repository = await sampleProjects();
    let written = '';
    const reads: { beforeId: string | undefined; activitiesWritten: number }[] = [];
    const watched = {
      list: (query: ProjectListQuery) => {
        reads.push({
          beforeId: query.beforeId,
          activitiesWritten: written.split('<iati-activity ').length - 1,
        });
        return repository.list(query);
      },
    };

    await iatiFile(watched, {
      pageSize: 25,
      write: (chunk) => {
        written += chunk;
      },
    });

    expect(reads.map((read) => read.activitiesWritten)).toEqual([0, 25, 50]);
    expect(new Set(reads.map((read) => read.beforeId)).size).toBe(3);
  });
});
