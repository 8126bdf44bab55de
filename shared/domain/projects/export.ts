/**
 * Projects as rows of the import template (`GET /projects?format=csv`): the export writes exactly
 * the columns the import reads, so that importing an exported file changes nothing
 * (`docs/visibility.md`). Numbers are written as numbers, text as text; the CSV writer guards text
 * against formula injection and the CSV reader undoes it.
 *
 * The template has room for a fixed number of participants, investments and external references.
 * A project with more than that cannot be written without losing some of them, and a re-import of
 * such a row would delete what was left out, so it is not written at all: the caller is told which
 * projects were left out instead.
 */
import { disbursementSeparator, importColumns } from './import.ts';
import type { Project } from './schema.ts';

/** A cell of an exported row: text, a number, or empty. */
export type ExportCell = string | number;

/** How many numbered groups (`participant1Name`, `participant2Name`, ...) the template has. */
function groupsInTemplate(prefix: string, firstField: string): number {
  const pattern = new RegExp(`^${prefix}\\d+${firstField}$`);
  return importColumns.filter((column) => pattern.test(column)).length;
}

/** The template's room for each repeated group, read off its columns so that the two always agree. */
export const templateCapacity = {
  participants: groupsInTemplate('participant', 'Name'),
  investments: groupsInTemplate('investment', 'InvestorCountry'),
  externalRefs: groupsInTemplate('externalRef', 'System'),
} as const;

/** Whether a project's repeated groups all fit the template's columns. */
export function fitsImportTemplate(project: Project): boolean {
  return (
    project.participants.length <= templateCapacity.participants &&
    project.investments.length <= templateCapacity.investments &&
    (project.externalRefs ?? []).length <= templateCapacity.externalRefs
  );
}

/**
 * A project as a record of the import template's columns (column → cell; absent fields are empty
 * cells). The status columns carry the current status and the date it took effect: an import
 * creates a project with them and leaves an existing project's status alone.
 * @throws RangeError when the project does not fit the template (check `fitsImportTemplate` first)
 */
export function importRecordOf(project: Project): Record<string, ExportCell> {
  if (!fitsImportTemplate(project)) {
    throw new RangeError(`Project ${project.id} has more groups than the import template holds`);
  }
  const record: Record<string, ExportCell | undefined> = {
    name: project.name,
    summary: project.summary,
    technology: project.technology,
    technologyDetail: project.technologyDetail,
    programs: project.programs.join(';'),
    hostCountry: project.hostCountry,
    locationSubdivision: project.location?.subdivision,
    locationLat: project.location?.lat,
    locationLon: project.location?.lon,
    locationAccuracy: project.location?.accuracy,
    capacityValue: project.capacity?.value,
    capacityUnit: project.capacity?.unit,
    expectedAnnualGenerationMwh: project.expected?.annualGenerationMwh,
    expectedAnnualReductionsTco2e: project.expected?.annualReductionsTco2e,
    expectedSource: project.expected?.source,
    status: project.status,
    statusEffectiveDate: project.statusHistory.at(-1)?.effectiveDate,
  };
  for (const [i, participant] of project.participants.entries()) {
    record[`participant${i + 1}Name`] = participant.name;
    record[`participant${i + 1}Country`] = participant.country;
    record[`participant${i + 1}Role`] = participant.role;
    record[`participant${i + 1}SharePct`] = participant.sharePct;
  }
  for (const [i, investment] of project.investments.entries()) {
    record[`investment${i + 1}InvestorCountry`] = investment.investorCountry;
    record[`investment${i + 1}Amount`] = investment.amount;
    record[`investment${i + 1}Currency`] = investment.currency;
    record[`investment${i + 1}CommittedOn`] = investment.committedOn;
    record[`investment${i + 1}Instrument`] = investment.instrument;
    record[`investment${i + 1}Disbursements`] = (investment.disbursements ?? [])
      .map((d) => `${d.date}:${d.amount}`)
      .join(disbursementSeparator);
    record[`investment${i + 1}Id`] = investment.id;
  }
  for (const [i, ref] of (project.externalRefs ?? []).entries()) {
    record[`externalRef${i + 1}System`] = ref.system;
    record[`externalRef${i + 1}Id`] = ref.id;
    record[`externalRef${i + 1}Url`] = ref.url;
  }
  return Object.fromEntries(importColumns.map((column) => [column, record[column] ?? '']));
}
