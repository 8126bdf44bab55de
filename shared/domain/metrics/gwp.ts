/**
 * Global warming potentials over 100 years (GWP100): tonnes of CO2-equivalent per tonne of gas.
 *
 * - `AR6`: IPCC Sixth Assessment Report, WG1, Table 7.15 (the default). It separates methane of
 *   fossil origin (whose carbon adds to the atmosphere's CO2 when the methane oxidises) from methane
 *   of non-fossil origin.
 * - `AR5`: IPCC Fifth Assessment Report, WG1, Table 8.A.1, without climate-carbon feedbacks: the set
 *   UNFCCC inventory reporting uses, with one methane value for both origins.
 *
 * The values are data, not code: a report stores the set it was computed with (`gwpSet`), and a
 * change to a value is a change of the accounting rules (`calcVersion` in `accounting.ts`).
 */
import * as z from 'zod/mini';
import { built } from '../pure.ts';
import '../zod-messages.ts';

/** The gases a report may list, as the spec names them. */
export const gases = [
  'CO2',
  'CH4_fossil',
  'CH4_non_fossil',
  'N2O',
  'SF6',
  'NF3',
  'HFC_134a',
  'HFC_32',
  'CF4',
] as const;
export const gasSchema = /* @__PURE__ */ built(() => z.enum(gases));
export type Gas = z.output<typeof gasSchema>;

/** The GWP100 sets a report may be computed with. */
export const gwpSets = ['AR6', 'AR5'] as const;
export const gwpSetSchema = /* @__PURE__ */ built(() => z.enum(gwpSets));
export type GwpSet = z.output<typeof gwpSetSchema>;

/** GWP100 by set and gas (tCO2e per tonne of gas), exactly as the spec's table gives them. */
export const gwp100Table: Readonly<Record<GwpSet, Readonly<Record<Gas, number>>>> = {
  AR6: {
    CO2: 1,
    CH4_fossil: 29.8,
    CH4_non_fossil: 27.0,
    N2O: 273,
    SF6: 25_200,
    NF3: 17_400,
    HFC_134a: 1_530,
    HFC_32: 771,
    CF4: 7_380,
  },
  AR5: {
    CO2: 1,
    CH4_fossil: 28,
    CH4_non_fossil: 28,
    N2O: 265,
    SF6: 23_500,
    NF3: 16_100,
    HFC_134a: 1_300,
    HFC_32: 677,
    CF4: 6_630,
  },
};

/** The GWP100 of `gas` in `set`, in tCO2e per tonne. */
export function gwp100(gas: Gas, set: GwpSet): number {
  return gwp100Table[set][gas];
}
