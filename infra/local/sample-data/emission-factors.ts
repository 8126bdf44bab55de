/**
 * SAMPLE grid emission factors the local runtime loads on first start (when no factor is stored), so
 * that the sample metric reports (`reports.ts`) can use `grid_factor` baselines and the indicators
 * have baselines to sum. They are NOT official factors.
 *
 * The values are approximate orders of magnitude for the grid's average CO2 intensity, written from
 * general knowledge of the published series (national inventories and agencies, the IEA, EPA eGRID),
 * rounded, smoothed and not checked against any source: good enough to make local totals look
 * plausible, wrong for anything else. Every entry says so in `source.title`; `source.url` (the
 * schema requires one) is only the home page of the kind of publisher such a factor would come from.
 * - national averages (`national_average`) 2019–2025 for every host country of the sample portfolio:
 *   JP, US, AU, ID, VN, PH;
 * - three US grid subregions (`grid_subregion`, eGRID-style acronyms) for 2019–2023, the years an
 *   eGRID-like release would cover: US-ERCT (Texas), US-CAMX (California), US-AZNM (Arizona and New
 *   Mexico). Later reports use the nearest year, as a submitter would.
 * Ids read `sample-<region>-<national|subregion>-<year>`, e.g. `sample-jp-national-2023`.
 * An admin replaces them with sourced factors through the reference-data routes.
 */
import type { z } from 'zod';
import type { emissionFactorInputSchema } from '../../../shared/domain/reference/emission-factors.ts';

/** A `PUT /emission-factors/{id}` body, typed as the schema's input so that the compiler checks it. */
export type SampleEmissionFactorBody = z.input<typeof emissionFactorInputSchema>;

export interface SampleEmissionFactor {
  /** Always starts `sample-`. */
  readonly id: string;
  readonly body: SampleEmissionFactorBody;
}

/** The title every sample factor carries. */
export const sampleFactorTitle =
  'SAMPLE for local use only: approximate grid average, not an official factor';

interface SampleSeries {
  readonly region: string;
  readonly method: 'national_average' | 'grid_subregion';
  /** The home page of the kind of publisher such a factor comes from (not the source of these values). */
  readonly url: string;
  /** Approximate tCO2/MWh by year. */
  readonly byYear: Readonly<Record<number, number>>;
}

const series: readonly SampleSeries[] = [
  {
    region: 'JP',
    method: 'national_average',
    url: 'https://www.env.go.jp/',
    byYear: { 2019: 0.47, 2020: 0.457, 2021: 0.445, 2022: 0.441, 2023: 0.43, 2024: 0.423, 2025: 0.415 },
  },
  {
    region: 'US',
    method: 'national_average',
    url: 'https://www.eia.gov/',
    byYear: { 2019: 0.405, 2020: 0.39, 2021: 0.395, 2022: 0.385, 2023: 0.372, 2024: 0.366, 2025: 0.36 },
  },
  {
    region: 'AU',
    method: 'national_average',
    url: 'https://www.dcceew.gov.au/',
    byYear: { 2019: 0.75, 2020: 0.73, 2021: 0.71, 2022: 0.69, 2023: 0.67, 2024: 0.66, 2025: 0.65 },
  },
  {
    region: 'ID',
    method: 'national_average',
    url: 'https://www.esdm.go.id/',
    byYear: { 2019: 0.78, 2020: 0.79, 2021: 0.79, 2022: 0.78, 2023: 0.77, 2024: 0.77, 2025: 0.76 },
  },
  {
    region: 'VN',
    method: 'national_average',
    url: 'https://www.iea.org/',
    byYear: { 2019: 0.64, 2020: 0.62, 2021: 0.6, 2022: 0.61, 2023: 0.68, 2024: 0.66, 2025: 0.65 },
  },
  {
    region: 'PH',
    method: 'national_average',
    url: 'https://www.doe.gov.ph/',
    byYear: { 2019: 0.69, 2020: 0.68, 2021: 0.69, 2022: 0.68, 2023: 0.67, 2024: 0.67, 2025: 0.66 },
  },
  {
    region: 'US-ERCT',
    method: 'grid_subregion',
    url: 'https://www.epa.gov/egrid',
    byYear: { 2019: 0.41, 2020: 0.385, 2021: 0.375, 2022: 0.37, 2023: 0.35 },
  },
  {
    region: 'US-CAMX',
    method: 'grid_subregion',
    url: 'https://www.epa.gov/egrid',
    byYear: { 2019: 0.21, 2020: 0.22, 2021: 0.215, 2022: 0.2, 2023: 0.19 },
  },
  {
    region: 'US-AZNM',
    method: 'grid_subregion',
    url: 'https://www.epa.gov/egrid',
    byYear: { 2019: 0.44, 2020: 0.415, 2021: 0.4, 2022: 0.385, 2023: 0.37 },
  },
];

/** The id of the sample factor for a region and year, e.g. `sample-jp-national-2023`, `sample-us-erct-subregion-2022`. */
export function sampleFactorId(region: string, method: SampleSeries['method'], year: number): string {
  const kind = method === 'national_average' ? 'national' : 'subregion';
  return `sample-${region.toLowerCase()}-${kind}-${year}`;
}

/** Every sample factor, region by region, oldest year first. */
export const sampleEmissionFactors: SampleEmissionFactor[] = series.flatMap(
  ({ region, method, url, byYear }) =>
    Object.entries(byYear).map(([year, tco2PerMwh]) => ({
      id: sampleFactorId(region, method, Number(year)),
      body: { region, year: Number(year), tco2PerMwh, method, source: { title: sampleFactorTitle, url } },
    })),
);
