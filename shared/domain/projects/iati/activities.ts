/**
 * The published projects as an IATI Activity Standard 2.03 file (`docs/iati.md`): one
 * `iati-activity` per accepted project version, built with fast-xml-parser's `XMLBuilder` one
 * activity at a time as the projects are read a page at a time, so that no more than one page of
 * projects and one activity's XML are held while the file is written. Elements come in the order the
 * 2.03 schema requires.
 */
import { XMLBuilder } from 'fast-xml-parser';
import { assertAuthorized, type Principal } from '../../policy.ts';
import type { ProjectRepository } from '../ports.ts';
import type { Investment, Project } from '../schema.ts';
import { iatiVersion, pointSrsName } from './codelists.ts';
import {
  activityStatusOf,
  dacSectorOf,
  financeTypeOf,
  organisationRoleOf,
  organisationTypeOf,
} from './mappings.ts';

/** The organisation that publishes the file (`reporting-org`), configured per deployment. */
export interface IatiReportingOrg {
  /** Its IATI organisation identifier, e.g. `XM-DAC-701-...`; it prefixes every activity identifier. */
  readonly ref: string;
  readonly name: string;
  /** Its IATI OrganisationType code. */
  readonly type: string;
}

/** Decimal text of an amount as IATI's `value` wants it (no exponent, no grouping). */
function decimal(amount: number): string {
  return Number.isInteger(amount) ? String(amount) : amount.toFixed(2).replace(/\.?0+$/, '');
}

/** The lifecycle's dates: when implementation began (or, in the pipeline, the planned start), and when it ended. */
function activityDates(project: Project): { type: string; date: string }[] {
  const history = project.statusHistory;
  const first = history[0];
  if (!first) return [];
  const started = history.find((entry) => ['fid', 'construction', 'operating'].includes(entry.status));
  const dates = [
    started ? { type: '2', date: started.effectiveDate } : { type: '1', date: first.effectiveDate },
  ];
  const last = history.at(-1);
  if (last && (last.status === 'retired' || last.status === 'cancelled'))
    dates.push({ type: '4', date: last.effectiveDate });
  return dates;
}

/**
 * An element as `XMLBuilder` takes it: `@_`-prefixed keys are attributes, other keys child elements
 * in the order written (an array for repeated siblings), `#text` the text beside attributes.
 */
interface XmlElement {
  readonly [name: string]: string | XmlElement | readonly XmlElement[];
}

/**
 * Characters XML 1.0 cannot carry at all, not even as references (controls other than tab, line
 * feed and carriage return, lone surrogates, U+FFFE/U+FFFF). Free text may contain them, and a
 * single one would make the whole file unreadable, so each becomes U+FFFD.
 */
const notXmlCharacter = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

/**
 * Every text and attribute value as character data. The builder's own entity replacement also
 * turns quotes in text into `&quot;`/`&apos;`; escaping `&`, `<` and `>` here (the builder adds
 * `&quot;`/`&apos;` inside attribute values itself) keeps the file byte for byte as it was written
 * before (`test/fixtures/iati-activities.xml`). `&` goes first so no reference is escaped twice.
 */
function characterData(_name: string, value: unknown): string {
  return String(value)
    .replace(notXmlCharacter, '\uFFFD')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;');
}

const builder = new XMLBuilder({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  format: true,
  indentBy: '  ',
  suppressEmptyNode: true,
  // Otherwise an attribute whose value is the text `true` would be written without its value.
  suppressBooleanAttributes: false,
  processEntities: false,
  tagValueProcessor: characterData,
  attributeValueProcessor: characterData,
});

/** `text`, without the `prefix` and `suffix` it is known to have. */
function between(text: string, prefix: string, suffix: string): string {
  if (!text.startsWith(prefix) || !text.endsWith(suffix) || text.length < prefix.length + suffix.length)
    throw new Error(`XMLBuilder wrote ${JSON.stringify(text.slice(0, 80))}..., not the expected frame`);
  return text.slice(prefix.length, text.length - suffix.length);
}

const root = 'iati-activities';

/**
 * The file's declaration and root start tag, and the root's end tag (with no newline after it, as
 * the file has always ended), built around an empty activity that is then cut out.
 */
function frame(generatedAt: string): { opening: string; closing: string } {
  const empty = '  <iati-activity/>\n';
  const xml: string = builder.build({
    '?xml': { '@_version': '1.0', '@_encoding': 'UTF-8' },
    [root]: { '@_version': iatiVersion, '@_generated-datetime': generatedAt, 'iati-activity': {} },
  });
  const at = xml.indexOf(empty);
  if (at < 0) throw new Error('XMLBuilder wrote no empty iati-activity to cut the frame at');
  return { opening: xml.slice(0, at), closing: xml.slice(at + empty.length).trimEnd() };
}

/**
 * One activity's XML, indented as a child of the root: the builder indents from the element it is
 * given, so the activity is built inside a bare root whose start and end lines are then dropped.
 */
function activityXml(activity: XmlElement): string {
  const xml: string = builder.build({ [root]: { 'iati-activity': activity } });
  return between(xml, `<${root}>\n`, `</${root}>\n`);
}

function narrative(text: string, attributes: Record<string, string> = {}): XmlElement {
  return { ...attributes, narrative: text };
}

function activityOf(project: Project, reportingOrg: IatiReportingOrg): XmlElement {
  const { location } = project;
  return {
    '@_last-updated-datetime': project.updatedAt,
    '@_xml:lang': 'en',
    'iati-identifier': `${reportingOrg.ref}-${project.id}`,
    'reporting-org': narrative(reportingOrg.name, { '@_ref': reportingOrg.ref, '@_type': reportingOrg.type }),
    title: narrative(project.name),
    ...(project.summary.trim() !== '' && { description: narrative(project.summary, { '@_type': '1' }) }),
    'participating-org': project.participants.map((participant) =>
      narrative(participant.name, {
        '@_role': organisationRoleOf[participant.role],
        '@_type': organisationTypeOf[participant.role],
      }),
    ),
    'activity-status': { '@_code': activityStatusOf[project.status] },
    'activity-date': activityDates(project).map(({ type, date }) => ({ '@_type': type, '@_iso-date': date })),
    'recipient-country': { '@_code': project.hostCountry, '@_percentage': '100' },
    ...(location?.lat !== undefined &&
      location.lon !== undefined && {
        location: {
          point: { '@_srsName': pointSrsName, pos: `${location.lat} ${location.lon}` },
          exactness: { '@_code': location.accuracy === 'exact' ? '1' : '2' },
        },
      }),
    sector: { '@_vocabulary': '1', '@_code': dacSectorOf[project.technology], '@_percentage': '100' },
    transaction: project.investments.flatMap((investment) => {
      const from = `${investment.instrument} from ${investment.investorCountry}`;
      return [
        transactionOf('2', investment.committedOn, investment.amount, investment, `Commitment: ${from}`),
        // Records stored before disbursements existed have none.
        ...(investment.disbursements ?? []).map((disbursement) =>
          transactionOf('3', disbursement.date, disbursement.amount, investment, `Disbursement: ${from}`),
        ),
      ];
    }),
  };
}

function transactionOf(
  type: string,
  date: string,
  amount: number,
  investment: Investment,
  description: string,
): XmlElement {
  return {
    'transaction-type': { '@_code': type },
    'transaction-date': { '@_iso-date': date },
    value: { '@_currency': investment.currency, '@_value-date': date, '#text': decimal(amount) },
    description: narrative(description),
    'finance-type': { '@_code': financeTypeOf[investment.instrument] },
  };
}

export interface IatiExportDeps {
  readonly projects: Pick<ProjectRepository, 'list'>;
  readonly reportingOrg: IatiReportingOrg;
  readonly now: () => string;
  /** Projects read per page. */
  readonly pageSize?: number;
}

/** `GET /projects/iati.xml`: the published projects, their accepted versions, as IATI activities. */
export class IatiExport {
  constructor(private readonly deps: IatiExportDeps) {}

  /**
   * Writes the file for a caller, chunk by chunk, reading the published projects a page at a time.
   * Every signed-in role may read published projects, so the file is the same for every caller.
   */
  async write(principal: Principal, write: (chunk: string) => void): Promise<void> {
    assertAuthorized(principal, 'project:list');
    const { opening, closing } = frame(this.deps.now());
    write(opening);
    let beforeId: string | undefined;
    do {
      const page = await this.deps.projects.list({
        partitions: [{ kind: 'published' }],
        filters: {},
        limit: this.deps.pageSize ?? 100,
        ...(beforeId ? { beforeId } : {}),
      });
      for (const project of page.projects) write(activityXml(activityOf(project, this.deps.reportingOrg)));
      beforeId = page.nextBeforeId;
    } while (beforeId);
    write(closing);
  }
}
