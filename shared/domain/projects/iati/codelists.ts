/**
 * The parts of the IATI codelists that `GET /projects/iati.xml` uses (`docs/iati.md`), kept here so
 * that the tests can check every code the file carries against the list it claims. Each subset
 * names its source; codes are copied as the lists publish them, with their English names.
 *
 * Source: IATI Standard 2.03 codelists, https://iatistandard.org/en/iati-standard/203/codelists/
 * (embedded lists are fixed for 2.03; the non-embedded ones, Sector, OrganisationType and
 * FinanceType, as published for 2.03 and read in 2026). Countries and currencies are the ISO
 * lists IATI adopts (ISO 3166-1 alpha-2 and ISO 4217), which the tracker already validates against
 * (`../../reference/iso.ts`); they are not repeated here.
 */

/** A codelist subset: code → English name. */
export type Codelist = Readonly<Record<string, string>>;

/** The IATI Activity Standard version the file declares. */
export const iatiVersion = '2.03';

/** ActivityStatus (embedded): the stage of the activity. */
export const activityStatusCodes: Codelist = {
  '1': 'Pipeline/identification',
  '2': 'Implementation',
  '3': 'Finalisation',
  '4': 'Closed',
  '5': 'Cancelled',
  '6': 'Suspended',
};

/** OrganisationRole (embedded): what a participating organisation does in the activity. */
export const organisationRoleCodes: Codelist = {
  '1': 'Funding',
  '2': 'Accountable',
  '3': 'Extending',
  '4': 'Implementing',
};

/** OrganisationType (non-embedded), the types this file uses. */
export const organisationTypeCodes: Codelist = {
  '10': 'Government',
  '15': 'Other Public Sector',
  '70': 'Private Sector',
  '80': 'Academic, Training and Research',
};

/** TransactionType (embedded), the types this file uses. */
export const transactionTypeCodes: Codelist = {
  '2': 'Outgoing Commitment',
  '3': 'Disbursement',
};

/** ActivityDateType (embedded). */
export const activityDateTypeCodes: Codelist = {
  '1': 'Planned start',
  '2': 'Actual start',
  '3': 'Planned End',
  '4': 'Actual end',
};

/** DescriptionType (embedded), the type this file uses. */
export const descriptionTypeCodes: Codelist = { '1': 'General' };

/** SectorVocabulary (non-embedded), the vocabulary this file uses. */
export const sectorVocabularyCodes: Codelist = {
  '1': 'OECD DAC CRS Purpose Codes (5 digit)',
};

/** Sector (non-embedded): the OECD DAC CRS 5-digit purpose codes of energy this file uses. */
export const sectorCodes: Codelist = {
  '23183': 'Energy conservation and demand-side efficiency',
  '23210': 'Energy generation, renewable sources - multiple technologies',
  '23220': 'Hydro-electric power plants',
  '23230': 'Solar energy for centralised grids',
  '23240': 'Wind energy',
  '23260': 'Geothermal energy',
  '23270': 'Biofuel-fired power plants',
  '23350': 'Fossil fuel electric power plants with carbon capture and storage (CCS)',
  '23510': 'Nuclear energy electric power plants and nuclear safety',
  '23630': 'Electric power transmission and distribution (centralised grids)',
};

/** FinanceType (non-embedded), the types this file uses. */
export const financeTypeCodes: Codelist = {
  '110': 'Standard grant',
  '421': 'Standard loan',
  '510': 'Common equity',
  '1100': 'Guarantees/insurance',
};

/** GeographicExactness (embedded). */
export const geographicExactnessCodes: Codelist = {
  '1': 'Exact',
  '2': 'Approximate',
};

/** The spatial reference system of `location/point` that IATI 2.03 requires (WGS 84). */
export const pointSrsName = 'http://www.opengis.net/def/crs/EPSG/0/4326';
