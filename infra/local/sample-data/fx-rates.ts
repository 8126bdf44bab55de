/**
 * SAMPLE FX rates the local runtime loads on first start, so that sample investments in JPY, EUR,
 * KRW, AUD, CAD and GBP can be priced in US dollars. They are NOT official rates.
 *
 * The values are approximate calendar-year averages, written from general knowledge of the
 * published series (e.g. the Federal Reserve H.10 / G.5A annual averages, ECB reference rates),
 * rounded, and not checked against the source: good enough to make local totals look plausible,
 * wrong for anything else. Every entry says so in `source.title` and carries no `url`.
 * - 2018–2024: approximate annual averages.
 * - 2025: a rough estimate from part-year data (the year was not complete in what the values come
 *   from), marked "partly extrapolated".
 * - 2026: the 2025 value carried forward, marked "extrapolated".
 * An admin replaces them with sourced rates through the reference-data routes.
 */
import type { FxRate } from '../../../shared/domain/reference/fx.ts';

const sampleTitle = 'SAMPLE for local use only: approximate annual average, not an official rate';
const partYearTitle =
  'SAMPLE for local use only: sample, partly extrapolated from part-year data (rough annual average), not an official rate';
const extrapolatedTitle = (fromYear: number): string =>
  `SAMPLE for local use only: sample, extrapolated (the ${fromYear} sample value carried forward), not an official rate`;

/** How a currency is usually quoted: units per US dollar (JPY) or US dollars per unit (EUR). */
type Quote = 'perUsd' | 'usdPer';

/** Approximate annual averages as usually quoted, 2018–2025 (2025 a part-year estimate). */
const quotedAverages: Readonly<
  Record<string, { readonly quote: Quote; readonly byYear: Readonly<Record<number, number>> }>
> = {
  JPY: {
    quote: 'perUsd',
    byYear: {
      2018: 110.4,
      2019: 109.0,
      2020: 106.8,
      2021: 109.8,
      2022: 131.5,
      2023: 140.5,
      2024: 151.4,
      2025: 150,
    },
  },
  EUR: {
    quote: 'usdPer',
    byYear: {
      2018: 1.181,
      2019: 1.12,
      2020: 1.142,
      2021: 1.183,
      2022: 1.053,
      2023: 1.081,
      2024: 1.082,
      2025: 1.13,
    },
  },
  KRW: {
    quote: 'perUsd',
    byYear: {
      2018: 1100,
      2019: 1165,
      2020: 1180,
      2021: 1144,
      2022: 1292,
      2023: 1306,
      2024: 1364,
      2025: 1420,
    },
  },
  AUD: {
    quote: 'usdPer',
    byYear: {
      2018: 0.748,
      2019: 0.695,
      2020: 0.691,
      2021: 0.751,
      2022: 0.695,
      2023: 0.664,
      2024: 0.66,
      2025: 0.645,
    },
  },
  CAD: {
    quote: 'perUsd',
    byYear: {
      2018: 1.296,
      2019: 1.327,
      2020: 1.341,
      2021: 1.254,
      2022: 1.301,
      2023: 1.35,
      2024: 1.37,
      2025: 1.4,
    },
  },
  GBP: {
    quote: 'usdPer',
    byYear: {
      2018: 1.335,
      2019: 1.277,
      2020: 1.284,
      2021: 1.376,
      2022: 1.237,
      2023: 1.244,
      2024: 1.278,
      2025: 1.32,
    },
  },
};

const firstYear = 2018;
const partYear = 2025;
const lastYear = 2026;

/** USD per unit, kept to 8 significant digits (the inputs have 3–4; more would be false precision anyway). */
function usdPerUnitOf(quote: Quote, value: number): number {
  return Number((quote === 'perUsd' ? 1 / value : value).toPrecision(8));
}

function buildRates(): FxRate[] {
  const rates: FxRate[] = [];
  for (const [currency, { quote, byYear }] of Object.entries(quotedAverages)) {
    for (let year = firstYear; year <= lastYear; year += 1) {
      const known = byYear[year];
      const carried = byYear[partYear];
      if (known !== undefined) {
        const title = year === partYear ? partYearTitle : sampleTitle;
        rates.push({ currency, year, usdPerUnit: usdPerUnitOf(quote, known), source: { title } });
      } else if (carried !== undefined) {
        rates.push({
          currency,
          year,
          usdPerUnit: usdPerUnitOf(quote, carried),
          source: { title: extrapolatedTitle(partYear) },
        });
      }
    }
  }
  return rates;
}

/** Sample annual average USD-per-unit rates for JPY, EUR, KRW, AUD, CAD and GBP, 2018–2026. Not official. */
export const sampleFxRates: FxRate[] = buildRates();
