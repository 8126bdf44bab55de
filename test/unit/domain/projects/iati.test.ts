/**
 * `GET /projects/iati.xml`'s file, built from the in-memory repository: well-formed, each activity's
 * elements in the 2.03 schema's order with the values of the accepted version, and every code it
 * carries in the codelist it claims.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { ulid } from 'ulid';
import { describe, expect, it } from 'vitest';
import { IatiExport } from '../../../../shared/domain/projects/iati/activities.ts';
import {
  activityDateTypeCodes,
  activityStatusCodes,
  type Codelist,
  descriptionTypeCodes,
  financeTypeCodes,
  geographicExactnessCodes,
  iatiVersion,
  organisationRoleCodes,
  organisationTypeCodes,
  pointSrsName,
  sectorCodes,
  sectorVocabularyCodes,
  transactionTypeCodes,
} from '../../../../shared/domain/projects/iati/codelists.ts';
import {
  activityStatusOf,
  dacSectorOf,
  financeTypeOf,
  organisationRoleOf,
  organisationTypeOf,
} from '../../../../shared/domain/projects/iati/mappings.ts';
import {
  changeStatus,
  createProject,
  patchProject,
  reviewProject,
} from '../../../../shared/domain/projects/project.ts';
import {
  investmentInstruments,
  lifecycleStatuses,
  type Project,
  participantRoles,
  technologies,
} from '../../../../shared/domain/projects/schema.ts';
import { isCountryCode, isCurrencyCode } from '../../../../shared/domain/reference/iso.ts';
import { InMemoryProjectRepository } from '../../../support/in-memory-projects.ts';
import { aContext, aProjectInput, aReviewer } from '../factories.ts';

interface XmlElement {
  readonly localName: string;
  readonly nodeType: number;
  readonly childNodes: ArrayLike<XmlElement>;
  readonly textContent: string | null;
  getAttribute(name: string): string | null;
}

const reportingOrg = { ref: 'XI-JUCIP', name: 'JUCIP tracker', type: '15' };
const viewer = { subject: 'viewer-1', roles: ['viewer' as const] };

/** The element children, read from `childNodes` (which also holds the text between them). */
const childrenOf = (element: XmlElement): XmlElement[] =>
  Array.from(element.childNodes).filter((node) => node.nodeType === 1);
const childNamed = (element: XmlElement, name: string) =>
  childrenOf(element).find((child) => child.localName === name);
const narrativeOf = (element: XmlElement | undefined) =>
  element ? childNamed(element, 'narrative')?.textContent : undefined;

/** Stores a project as the domain makes it: created, accepted, then optionally changed further. */
async function aStoredProject(
  repository: InMemoryProjectRepository,
  input = aProjectInput(),
  then?: (accepted: Project) => Project,
): Promise<Project> {
  const ctx = aContext({ newId: ulid });
  const created = createProject(input, ctx);
  await repository.create(created.project, created.audit);
  const accepted = reviewProject(
    created.project,
    { decision: 'accepted', comment: 'ok' },
    { principal: aReviewer(), now: ctx.now },
  );
  await repository.update(created.project, accepted.project, accepted.audit);
  if (then) {
    const next = then(accepted.project);
    await repository.update(accepted.project, next, { ...accepted.audit, version: next.version });
  }
  return accepted.project;
}

async function iatiFile(repository: InMemoryProjectRepository, pageSize = 100): Promise<string> {
  const chunks: string[] = [];
  await new IatiExport({
    projects: repository,
    reportingOrg,
    now: () => '2026-12-03T10:00:00.000Z',
    pageSize,
  }).write(viewer, (chunk) => chunks.push(chunk));
  return chunks.join('');
}

/** A node of fast-xml-parser's ordered output: `{ [name]: children, ':@': attributes }` or `{ '#text': text }`. */
type OrderedNode = { readonly [key: string]: unknown } & { readonly ':@'?: Readonly<Record<string, string>> };

/** The ordered output as the DOM-like nodes the assertions read. */
function nodeOf(node: OrderedNode): XmlElement {
  const name = Object.keys(node).find((key) => key !== ':@') ?? '';
  if (name === '#text') {
    const text = String(node[name]);
    return { localName: name, nodeType: 3, childNodes: [], textContent: text, getAttribute: () => null };
  }
  const childNodes = (node[name] as OrderedNode[]).map(nodeOf);
  const attributes = node[':@'] ?? {};
  return {
    localName: name,
    nodeType: 1,
    childNodes,
    textContent: childNodes.map((child) => child.textContent ?? '').join(''),
    getAttribute: (attribute) => attributes[`@_${attribute}`] ?? null,
  };
}

/** The file's root element, read with every text and attribute kept as written. */
function parsed(xml: string): XmlElement {
  expect(XMLValidator.validate(xml)).toBe(true);
  const document: OrderedNode[] = new XMLParser({
    preserveOrder: true,
    ignoreAttributes: false,
    parseTagValue: false,
    trimValues: false,
  }).parse(xml);
  const root = document.find((node) => !Object.keys(node).some((key) => key.startsWith('?')));
  if (!root) throw new Error('no root element');
  return nodeOf(root);
}

/** Every element under `element`, itself included. */
function allElements(element: XmlElement): XmlElement[] {
  return [element, ...childrenOf(element).flatMap(allElements)];
}

describe('GET /projects/iati.xml: the IATI activities file', () => {
  it('is one iati-activities root of version 2.03 with one activity per published project', async () => {
    const repository = new InMemoryProjectRepository();
    await aStoredProject(repository);
    await aStoredProject(repository, aProjectInput({ name: 'Second', technology: 'solar_pv' }));
    // Never accepted: not published, not in the file.
    const draft = createProject(aProjectInput({ name: 'Draft' }), aContext());
    await repository.create(draft.project, draft.audit);

    const root = parsed(await iatiFile(repository, 1));

    expect(root.localName).toBe('iati-activities');
    expect(root.getAttribute('version')).toBe(iatiVersion);
    expect(root.getAttribute('generated-datetime')).toBe('2026-12-03T10:00:00.000Z');
    const activities = childrenOf(root);
    expect(activities.map((a) => a.localName)).toEqual(['iati-activity', 'iati-activity']);
    expect(activities.map((a) => narrativeOf(childNamed(a, 'title'))).sort()).toEqual([
      'Hokkaido offshore wind demonstration',
      'Second',
    ]);
  });

  it('writes an activity element by element, in the schema order, from the accepted version', async () => {
    const repository = new InMemoryProjectRepository();
    const input = aProjectInput({
      status: 'construction',
      statusEffectiveDate: '2024-03-01',
      investments: [
        {
          investorCountry: 'JP',
          amount: 1_500_000_000,
          currency: 'JPY',
          committedOn: '2024-02-01',
          instrument: 'debt',
        },
        {
          investorCountry: 'US',
          amount: 2_500_000.5,
          currency: 'USD',
          committedOn: '2024-05-10',
          instrument: 'equity',
        },
      ],
    });
    // A pending revision renames it: the file keeps the accepted name.
    const accepted = await aStoredProject(
      repository,
      input,
      (project) => patchProject(project, { name: 'Renamed, not yet reviewed' }, aContext(), project).project,
    );

    const [activity] = childrenOf(parsed(await iatiFile(repository)));
    if (!activity) throw new Error('no activity');

    expect(childrenOf(activity).map((c) => c.localName)).toEqual([
      'iati-identifier',
      'reporting-org',
      'title',
      'description',
      'participating-org',
      'participating-org',
      'activity-status',
      'activity-date',
      'recipient-country',
      'location',
      'sector',
      'transaction',
      'transaction',
    ]);
    expect(activity.getAttribute('last-updated-datetime')).toBe(accepted.updatedAt);
    expect(childNamed(activity, 'iati-identifier')?.textContent).toBe(`XI-JUCIP-${accepted.id}`);
    const reporting = childNamed(activity, 'reporting-org');
    expect([reporting?.getAttribute('ref'), reporting?.getAttribute('type'), narrativeOf(reporting)]).toEqual(
      ['XI-JUCIP', '15', 'JUCIP tracker'],
    );
    expect(narrativeOf(childNamed(activity, 'title'))).toBe('Hokkaido offshore wind demonstration');
    expect(narrativeOf(childNamed(activity, 'description'))).toBe(input.summary);
    expect(
      childrenOf(activity)
        .filter((c) => c.localName === 'participating-org')
        .map((org) => [narrativeOf(org), org.getAttribute('role'), org.getAttribute('type')]),
    ).toEqual([
      ['Kansai Energy', '4', '70'],
      ['Atlantic Floating Wind', '4', '70'],
    ]);
    expect(childNamed(activity, 'activity-status')?.getAttribute('code')).toBe('2');
    const date = childNamed(activity, 'activity-date');
    expect([date?.getAttribute('type'), date?.getAttribute('iso-date')]).toEqual(['2', '2024-03-01']);
    expect(childNamed(activity, 'recipient-country')?.getAttribute('code')).toBe('JP');
    const location = childNamed(activity, 'location');
    if (!location) throw new Error('no location');
    expect(childrenOf(location).map((c) => c.localName)).toEqual(['point', 'exactness']);
    const point = childNamed(location, 'point');
    expect(point?.getAttribute('srsName')).toBe(pointSrsName);
    expect(point && childNamed(point, 'pos')?.textContent).toBe('43.2 141');
    expect(childNamed(location, 'exactness')?.getAttribute('code')).toBe('2');
    const sector = childNamed(activity, 'sector');
    expect([sector?.getAttribute('vocabulary'), sector?.getAttribute('code')]).toEqual(['1', '23240']);

    const transactions = childrenOf(activity).filter((c) => c.localName === 'transaction');
    expect(childrenOf(transactions[0] as XmlElement).map((c) => c.localName)).toEqual([
      'transaction-type',
      'transaction-date',
      'value',
      'description',
      'finance-type',
    ]);
    expect(
      transactions.map((t) => {
        const value = childNamed(t, 'value');
        return [
          childNamed(t, 'transaction-type')?.getAttribute('code'),
          childNamed(t, 'transaction-date')?.getAttribute('iso-date'),
          value?.getAttribute('currency'),
          value?.getAttribute('value-date'),
          value?.textContent,
          childNamed(t, 'finance-type')?.getAttribute('code'),
        ];
      }),
    ).toEqual([
      ['2', '2024-02-01', 'JPY', '2024-02-01', '1500000000', '421'],
      ['2', '2024-05-10', 'USD', '2024-05-10', '2500000.5', '510'],
    ]);
  });

  it('adds a disbursement transaction for each disbursement an investment records, in its currency', async () => {
    const repository = new InMemoryProjectRepository();
    await aStoredProject(
      repository,
      aProjectInput({
        investments: [
          {
            investorCountry: 'JP',
            amount: 900_000_000,
            currency: 'JPY',
            committedOn: '2024-02-01',
            instrument: 'grant',
          },
        ],
      }),
      (project) => ({
        ...project,
        version: project.version + 1,
        investments: project.investments.map((investment) => ({
          ...investment,
          disbursements: [
            { date: '2024-06-30', amount: 300_000_000, usdAmount: 2_000_000 },
            { date: '2025-01-15', amount: 200_000_000, usdAmount: 1_300_000 },
          ],
        })),
        // Accepted as it stands, so the disbursements are part of the accepted version.
        reviewState: 'accepted',
        acceptedVersion: project.version + 1,
      }),
    );

    const [activity] = childrenOf(parsed(await iatiFile(repository)));
    const transactions = childrenOf(activity as XmlElement).filter((c) => c.localName === 'transaction');

    expect(
      transactions.map((t) => [
        childNamed(t, 'transaction-type')?.getAttribute('code'),
        childNamed(t, 'value')?.getAttribute('value-date'),
        childNamed(t, 'value')?.getAttribute('currency'),
        childNamed(t, 'value')?.textContent,
      ]),
    ).toEqual([
      ['2', '2024-02-01', 'JPY', '900000000'],
      ['3', '2024-06-30', 'JPY', '300000000'],
      ['3', '2025-01-15', 'JPY', '200000000'],
    ]);
  });

  it('dates a pipeline project by its planned start and a retired one by its actual end', async () => {
    const repository = new InMemoryProjectRepository();
    await aStoredProject(
      repository,
      aProjectInput({ name: 'Pipeline', status: 'announced', statusEffectiveDate: '2025-02-01' }),
    );
    await aStoredProject(
      repository,
      aProjectInput({ name: 'Retired', status: 'operating', statusEffectiveDate: '2020-01-01' }),
      (project) => {
        const retired = changeStatus(project, { status: 'retired', effectiveDate: '2025-03-31' }, aContext());
        return { ...retired.project, reviewState: 'accepted', acceptedVersion: retired.project.version };
      },
    );

    const activities = childrenOf(parsed(await iatiFile(repository)));
    const datesOf = (title: string) => {
      const activity = activities.find((a) => narrativeOf(childNamed(a, 'title')) === title) as XmlElement;
      return childrenOf(activity)
        .filter((c) => c.localName === 'activity-date' || c.localName === 'activity-status')
        .map((c) => [
          c.localName,
          c.getAttribute('type') ?? c.getAttribute('code'),
          c.getAttribute('iso-date'),
        ]);
    };

    expect(datesOf('Pipeline')).toEqual([
      ['activity-status', '1', null],
      ['activity-date', '1', '2025-02-01'],
    ]);
    expect(datesOf('Retired')).toEqual([
      ['activity-status', '4', null],
      ['activity-date', '2', '2020-01-01'],
      ['activity-date', '4', '2025-03-31'],
    ]);
  });

  it('uses only codes of the codelists it claims', async () => {
    const repository = new InMemoryProjectRepository();
    for (const [i, technology] of technologies.entries()) {
      await aStoredProject(
        repository,
        aProjectInput({
          name: `Project ${i}`,
          technology,
          participants: participantRoles.map((role, r) => ({
            name: `${role} ${r}`,
            country: r % 2 ? 'US' : 'JP',
            role,
          })),
          investments: investmentInstruments.map((instrument) => ({
            investorCountry: 'US',
            amount: 1000,
            currency: 'EUR',
            committedOn: '2024-06-01',
            instrument,
          })),
        }),
      );
    }
    const root = parsed(await iatiFile(repository, 3));
    const claims: Record<
      string,
      (element: XmlElement) => [string | null, Codelist | ((code: string) => boolean)][]
    > = {
      'activity-status': (e) => [[e.getAttribute('code'), activityStatusCodes]],
      'participating-org': (e) => [
        [e.getAttribute('role'), organisationRoleCodes],
        [e.getAttribute('type'), organisationTypeCodes],
      ],
      'reporting-org': (e) => [[e.getAttribute('type'), organisationTypeCodes]],
      'activity-date': (e) => [[e.getAttribute('type'), activityDateTypeCodes]],
      description: (e) => (e.getAttribute('type') ? [[e.getAttribute('type'), descriptionTypeCodes]] : []),
      sector: (e) => [
        [e.getAttribute('vocabulary'), sectorVocabularyCodes],
        [e.getAttribute('code'), sectorCodes],
      ],
      'transaction-type': (e) => [[e.getAttribute('code'), transactionTypeCodes]],
      'finance-type': (e) => [[e.getAttribute('code'), financeTypeCodes]],
      exactness: (e) => [[e.getAttribute('code'), geographicExactnessCodes]],
      'recipient-country': (e) => [[e.getAttribute('code'), isCountryCode]],
      value: (e) => [[e.getAttribute('currency'), isCurrencyCode]],
    };
    let checked = 0;
    for (const element of allElements(root)) {
      for (const [code, list] of claims[element.localName]?.(element) ?? []) {
        checked += 1;
        const known =
          typeof list === 'function' ? code !== null && list(code) : code !== null && code in list;
        expect(known, `${element.localName} code ${code}`).toBe(true);
      }
    }
    expect(checked).toBeGreaterThan(technologies.length * 10);
  });

  it('maps every status, technology, role and instrument to a code of its codelist', () => {
    for (const status of lifecycleStatuses)
      expect(activityStatusCodes).toHaveProperty(activityStatusOf[status]);
    for (const technology of technologies) expect(sectorCodes).toHaveProperty(dacSectorOf[technology]);
    for (const role of participantRoles) {
      expect(organisationRoleCodes).toHaveProperty(organisationRoleOf[role]);
      expect(organisationTypeCodes).toHaveProperty(organisationTypeOf[role]);
    }
    for (const instrument of investmentInstruments)
      expect(financeTypeCodes).toHaveProperty(financeTypeOf[instrument]);
  });

  it('writes names with markup characters as text, never as markup', async () => {
    const repository = new InMemoryProjectRepository();
    await aStoredProject(repository, aProjectInput({ name: 'Wind & <solar> "hybrid"' }));
    const xml = await iatiFile(repository);
    const [activity] = childrenOf(parsed(xml));
    expect(narrativeOf(childNamed(activity as XmlElement, 'title'))).toBe('Wind & <solar> "hybrid"');
    expect(xml).toContain('Wind &amp; &lt;solar&gt;');
  });
});
