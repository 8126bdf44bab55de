/**
 * A release's `datapackage.json`: a Frictionless Data Package (v2) descriptor of the run's files,
 * with a Table Schema for the CSV generated from the long table's own column definitions
 * (`../indicators/table.ts`), so that the file and its description cannot disagree
 * (`docs/releases.md`).
 */
import { englishText } from '../../i18n/plain-text.ts';
import type { IndicatorRun } from '../indicator-runs/run.ts';
import { indicatorNames } from '../indicators/compute.ts';
import { indicatorTableFields, indicatorTableKey, type TableField } from '../indicators/table.ts';

/** A licence as the descriptor names it (`licenses[]`). */
export interface ReleaseLicense {
  /** An SPDX or Open Definition id, e.g. `CC-BY-4.0`. */
  readonly name: string;
  readonly path?: string;
  readonly title?: string;
}

/** Licences whose title and text the writer knows; any other id is named as given. */
const knownLicenses: Readonly<Record<string, Omit<ReleaseLicense, 'name'>>> = {
  'CC-BY-4.0': {
    path: 'https://creativecommons.org/licenses/by/4.0/',
    title: 'Creative Commons Attribution 4.0',
  },
  'CC0-1.0': {
    path: 'https://creativecommons.org/publicdomain/zero/1.0/',
    title: 'CC0 1.0 Universal',
  },
  'ODC-BY-1.0': {
    path: 'https://opendatacommons.org/licenses/by/1-0/',
    title: 'Open Data Commons Attribution License v1.0',
  },
  'PDDL-1.0': {
    path: 'https://opendatacommons.org/licenses/pddl/1-0/',
    title: 'Open Data Commons Public Domain Dedication and License v1.0',
  },
};

/** The releases' licence when none is configured. */
export const defaultReleaseLicense = 'CC-BY-4.0';

/** The licence for an id, with its title and link when the id is a known one. */
export function releaseLicense(id: string = defaultReleaseLicense): ReleaseLicense {
  return { name: id, ...knownLicenses[id] };
}

/** What the descriptor needs to say where the numbers come from and who publishes them. */
export interface ReleaseOptions {
  readonly license: ReleaseLicense;
  /** The API's public base URL (`https://…/`), when known: the source then links to the run. */
  readonly publicBaseUrl?: string | undefined;
}

/** A file's size and SHA-256, as the descriptor states them. */
export interface FileFacts {
  readonly bytes: number;
  readonly sha256Hex: string;
}

/** The Frictionless profiles the descriptor claims. */
export const dataPackageProfile = 'https://datapackage.org/profiles/2.0/datapackage.json';
export const dataResourceProfile = 'https://datapackage.org/profiles/2.0/dataresource.json';
export const tableSchemaProfile = 'https://datapackage.org/profiles/2.0/tableschema.json';
export const tableDialectProfile = 'https://datapackage.org/profiles/2.0/tabledialect.json';

/** The data package's name: lower case, `-`, `_` and `.` only, as the standard asks. */
export const releasePackageName = 'jucip-green-growth-indicators';

/** An indicator's name, definition and unit, as the dashboard and `docs/indicators.md` give them. */
export function indicatorGlossary(): { name: string; title: string; description: string; unit: string }[] {
  return indicatorNames.map((name) => {
    const text = (part: string) => englishText(`indicator.${name}.${part}`) ?? '';
    return { name, title: text('name'), description: text('definition'), unit: text('unit') };
  });
}

/** A Table Schema field of a long-table column. */
function schemaField(field: TableField): Record<string, unknown> {
  const constraints: Record<string, unknown> = {};
  if (field.required) constraints.required = true;
  if (field.values) constraints.enum = [...field.values];
  if (field.pattern) constraints.pattern = field.pattern;
  return {
    name: field.name,
    type: field.type,
    title: field.title,
    description: field.description,
    ...(field.unit === undefined ? {} : { unit: field.unit }),
    // A single-number indicator's component is the empty text, a value of its own rather than a
    // missing one: the primary key then never holds a missing value.
    ...(field.name === 'component' ? { missingValues: [] } : {}),
    ...(Object.keys(constraints).length > 0 ? { constraints } : {}),
  };
}

/** The Table Schema of `indicators.csv.gz`. */
export function indicatorTableSchema(): Record<string, unknown> {
  return {
    $schema: tableSchemaProfile,
    fields: indicatorTableFields.map(schemaField),
    fieldsMatch: 'exact',
    primaryKey: [...indicatorTableKey],
    missingValues: [''],
    // Not a Table Schema property: each indicator's unit and definition, for the `value` column.
    indicators: indicatorGlossary(),
  };
}

/**
 * The descriptor of a run's release. `created` is when the run finished computing (the release is
 * written before the run is published).
 */
export function releaseDescriptor(
  run: IndicatorRun,
  files: { readonly csv: FileFacts; readonly readme: FileFacts },
  options: ReleaseOptions,
): Record<string, unknown> {
  const runLink = options.publicBaseUrl
    ? new URL(`indicators/runs/${run.runId}`, options.publicBaseUrl).href
    : undefined;
  return {
    $schema: dataPackageProfile,
    name: releasePackageName,
    id: `jucip-indicators-${run.runId}`,
    title: `JUCIP green-growth indicators, run ${run.runId}`,
    description:
      'Indicators of the Japan–U.S. clean-energy cooperation projects registered in the JUCIP tracker: capacity, investment, generation, emissions and their reductions, by month, quarter and year, for all projects and by host country, technology and program. Only reviewer-accepted project records count; values that could reveal one organisation’s figures are suppressed (empty, with `conf_status` C or D). See README.md.',
    version: run.runId,
    created: run.finishedAt ?? run.startedAt,
    licenses: [options.license],
    sources: [
      {
        title: `JUCIP tracker indicator run ${run.runId} (accepted project records and their latest monthly reports)`,
        ...(runLink ? { path: runLink } : {}),
      },
    ],
    keywords: ['clean energy', 'Japan', 'United States', 'JUCIP', 'emission reductions', 'investment'],
    ...(run.calcVersion ? { calcVersion: run.calcVersion } : {}),
    ...(run.inputsHash ? { inputsHash: run.inputsHash } : {}),
    resources: [
      {
        $schema: dataResourceProfile,
        name: 'indicators',
        type: 'table',
        title: 'Indicators, long format',
        description:
          'One row per number of the run: every granularity, period, slice, key, indicator and component, as the API serves it to anonymous callers (`GET /indicators?format=csv`).',
        // Relative to the descriptor, so that a downloaded release stays whole wherever it is kept.
        path: 'indicators.csv.gz',
        format: 'csv',
        mediatype: 'text/csv',
        encoding: 'utf-8',
        compression: 'gz',
        bytes: files.csv.bytes,
        hash: `sha256:${files.csv.sha256Hex}`,
        dialect: { $schema: tableDialectProfile, header: true, delimiter: ',', lineTerminator: '\r\n' },
        schema: indicatorTableSchema(),
      },
      {
        $schema: dataResourceProfile,
        name: 'readme',
        title: 'What the numbers are, how they were computed, and their limits',
        path: 'README.md',
        format: 'md',
        mediatype: 'text/markdown',
        encoding: 'utf-8',
        bytes: files.readme.bytes,
        hash: `sha256:${files.readme.sha256Hex}`,
      },
    ],
  };
}
