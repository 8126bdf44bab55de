/**
 * The published projects as an IATI Activity Standard 2.03 file (`docs/iati.md`): one
 * `iati-activity` per accepted project version, written through xmlbuilder2's callback builder as
 * the projects are read, a page at a time, so that no more than one page of projects is held while
 * the file is written. Elements come in the order the 2.03 schema requires.
 */
import { createCB } from 'xmlbuilder2';
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

type Builder = ReturnType<typeof createCB>;

function narrative(builder: Builder, element: string, text: string, attributes: Record<string, string> = {}) {
  builder.ele(element, attributes).ele('narrative').txt(text).up().up();
}

function writeActivity(xml: Builder, project: Project, reportingOrg: IatiReportingOrg): void {
  xml.ele('iati-activity', { 'last-updated-datetime': project.updatedAt, 'xml:lang': 'en' });
  xml.ele('iati-identifier').txt(`${reportingOrg.ref}-${project.id}`).up();
  narrative(xml, 'reporting-org', reportingOrg.name, { ref: reportingOrg.ref, type: reportingOrg.type });
  narrative(xml, 'title', project.name);
  if (project.summary.trim() !== '') narrative(xml, 'description', project.summary, { type: '1' });
  for (const participant of project.participants) {
    narrative(xml, 'participating-org', participant.name, {
      role: organisationRoleOf[participant.role],
      type: organisationTypeOf[participant.role],
    });
  }
  xml.ele('activity-status', { code: activityStatusOf[project.status] }).up();
  for (const { type, date } of activityDates(project))
    xml.ele('activity-date', { type, 'iso-date': date }).up();
  xml.ele('recipient-country', { code: project.hostCountry, percentage: '100' }).up();
  const { location } = project;
  if (location?.lat !== undefined && location.lon !== undefined) {
    xml.ele('location');
    xml.ele('point', { srsName: pointSrsName }).ele('pos').txt(`${location.lat} ${location.lon}`).up().up();
    xml.ele('exactness', { code: location.accuracy === 'exact' ? '1' : '2' }).up();
    xml.up();
  }
  xml.ele('sector', { vocabulary: '1', code: dacSectorOf[project.technology], percentage: '100' }).up();
  for (const investment of project.investments) {
    const from = `${investment.instrument} from ${investment.investorCountry}`;
    writeTransaction(xml, '2', investment.committedOn, investment.amount, investment, `Commitment: ${from}`);
    // Records stored before disbursements existed have none.
    for (const disbursement of investment.disbursements ?? []) {
      writeTransaction(xml, '3', disbursement.date, disbursement.amount, investment, `Disbursement: ${from}`);
    }
  }
  xml.up();
}

function writeTransaction(
  xml: Builder,
  type: string,
  date: string,
  amount: number,
  investment: Investment,
  description: string,
): void {
  xml.ele('transaction');
  xml.ele('transaction-type', { code: type }).up();
  xml.ele('transaction-date', { 'iso-date': date }).up();
  xml.ele('value', { currency: investment.currency, 'value-date': date }).txt(decimal(amount)).up();
  narrative(xml, 'description', description);
  xml.ele('finance-type', { code: financeTypeOf[investment.instrument] }).up();
  xml.up();
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
    let failure: Error | undefined;
    const xml = createCB({ prettyPrint: true });
    xml.on('data', (chunk) => write(chunk));
    xml.on('error', (error) => {
      failure = error;
    });
    xml.dec({ version: '1.0', encoding: 'UTF-8' });
    xml.ele('iati-activities', { version: iatiVersion, 'generated-datetime': this.deps.now() });
    let beforeId: string | undefined;
    do {
      const page = await this.deps.projects.list({
        partitions: [{ kind: 'published' }],
        filters: {},
        limit: this.deps.pageSize ?? 100,
        ...(beforeId ? { beforeId } : {}),
      });
      for (const project of page.projects) writeActivity(xml, project, this.deps.reportingOrg);
      beforeId = page.nextBeforeId;
    } while (beforeId);
    xml.up().end();
    if (failure) throw failure;
  }
}
