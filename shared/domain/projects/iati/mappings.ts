/**
 * How the tracker's vocabulary maps onto IATI's codes (`docs/iati.md`, where each choice is
 * explained). The maps are total over the tracker's enums, so the compiler refuses a new status,
 * technology, role or instrument until it is mapped here.
 */
import type { InvestmentInstrument, LifecycleStatus, ParticipantRole, Technology } from '../schema.ts';

/**
 * Lifecycle status → IATI ActivityStatus. Source: the ActivityStatus definitions
 * (https://iatistandard.org/en/iati-standard/203/codelists/activitystatus/): announced and in
 * feasibility are still being identified (1); from the final investment decision through
 * operation the activity is being implemented (2; an operating plant still delivers and reports
 * its outcomes); retirement closes it (4); cancelled (5) and suspended (6) are IATI's own.
 */
export const activityStatusOf: Readonly<Record<LifecycleStatus, string>> = {
  announced: '1',
  feasibility: '1',
  fid: '2',
  construction: '2',
  operating: '2',
  suspended: '6',
  retired: '4',
  cancelled: '5',
};

/**
 * Technology → OECD DAC CRS 5-digit purpose code. Source: the DAC and CRS code lists, sector 230
 * "Energy" (https://www.oecd.org/en/data/insights/data-explainers/2024/10/dac-and-crs-code-lists.html;
 * IATI Sector codelist, vocabulary 1). Choices where the tracker's category has no code of its own:
 * hydrogen and ammonia (produced for clean energy) and `other` count as renewable generation of
 * several technologies (23210); storage and grid as transmission and distribution (23630); CCUS as
 * fossil plants with carbon capture (23350); efficiency as demand-side efficiency (23183).
 */
export const dacSectorOf: Readonly<Record<Technology, string>> = {
  solar_pv: '23230',
  wind_onshore: '23240',
  wind_offshore: '23240',
  hydro: '23220',
  geothermal: '23260',
  bioenergy: '23270',
  nuclear: '23510',
  hydrogen: '23210',
  ammonia: '23210',
  ccus: '23350',
  storage: '23630',
  grid: '23630',
  efficiency: '23183',
  other: '23210',
};

/**
 * Participant role → IATI OrganisationRole. Source: the OrganisationRole definitions
 * (https://iatistandard.org/en/iati-standard/203/codelists/organisationrole/): investors and
 * financiers fund (1); a government agency is accountable (2); everyone who builds, owns, runs,
 * supplies, researches or buys the output takes part in implementing (4).
 */
export const organisationRoleOf: Readonly<Record<ParticipantRole, string>> = {
  investor: '1',
  financier: '1',
  government_agency: '2',
  developer: '4',
  owner: '4',
  offtaker: '4',
  technology_provider: '4',
  epc: '4',
  research: '4',
};

/** Participant role → IATI OrganisationType: agencies are government, research is academic, the rest private. */
export const organisationTypeOf: Readonly<Record<ParticipantRole, string>> = {
  investor: '70',
  financier: '70',
  government_agency: '10',
  developer: '70',
  owner: '70',
  offtaker: '70',
  technology_provider: '70',
  epc: '70',
  research: '80',
};

/**
 * Investment instrument → IATI FinanceType. Source: the FinanceType codelist
 * (https://iatistandard.org/en/iati-standard/203/codelists/financetype/).
 */
export const financeTypeOf: Readonly<Record<InvestmentInstrument, string>> = {
  grant: '110',
  debt: '421',
  equity: '510',
  guarantee: '1100',
};
