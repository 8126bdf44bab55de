import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { accountEmissions } from '../../../../shared/domain/metrics/accounting.ts';
import {
  type Gas,
  type GwpSet,
  gases,
  gasSchema,
  gwp100,
  gwp100Table,
  gwpSetSchema,
  gwpSets,
} from '../../../../shared/domain/metrics/gwp.ts';
import { decimals, scaled } from './metric-factories.ts';

/** The spec's GWP100 table, typed again by hand: [AR6 (AR6 WG1 Table 7.15), AR5 (AR5 WG1 Table 8.A.1)]. */
const specTable: Readonly<Record<Gas, readonly [ar6: number, ar5: number]>> = {
  CO2: [1, 1],
  CH4_fossil: [29.8, 28],
  CH4_non_fossil: [27.0, 28],
  N2O: [273, 265],
  SF6: [25200, 23500],
  NF3: [17400, 16100],
  HFC_134a: [1530, 1300],
  HFC_32: [771, 677],
  CF4: [7380, 6630],
};

/** The same values in tenths, as integers, for exact checks. */
function gwpTenths(gas: Gas, set: GwpSet): bigint {
  const [ar6, ar5] = specTable[gas];
  return BigInt(Math.round((set === 'AR6' ? ar6 : ar5) * 10));
}

describe('GWP100 tables', () => {
  it('list exactly the spec’s gases and sets', () => {
    expect([...gases].sort()).toEqual(Object.keys(specTable).sort());
    expect(gwpSets).toEqual(['AR6', 'AR5']);
    for (const set of gwpSets) expect(Object.keys(gwp100Table[set]).sort()).toEqual([...gases].sort());
  });

  it.each(Object.entries(specTable))('gives %s as %d in AR6 and %d in AR5', (gas, [ar6, ar5]) => {
    expect(gwp100(gas as Gas, 'AR6')).toBe(ar6);
    expect(gwp100(gas as Gas, 'AR5')).toBe(ar5);
  });

  it('uses one methane value in AR5 and two in AR6', () => {
    expect(gwp100('CH4_fossil', 'AR5')).toBe(gwp100('CH4_non_fossil', 'AR5'));
    expect(gwp100('CH4_fossil', 'AR6')).toBeGreaterThan(gwp100('CH4_non_fossil', 'AR6'));
  });

  it('refuses gases and sets outside the lists', () => {
    expect(gasSchema.safeParse('CH4').success).toBe(false);
    expect(gasSchema.safeParse('co2').success).toBe(false);
    expect(gwpSetSchema.safeParse('AR4').success).toBe(false);
  });

  it('makes a one-gas report’s exact project emissions tonnes × the table’s value, for any gas, set and tonnes', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...gases),
        fc.constantFrom(...gwpSets),
        decimals(0, 1e9),
        (gas, gwpSet, tonnes) => {
          const accounts = accountEmissions({
            projectEmissions: [{ gas, tonnes: tonnes.value }],
            baseline: { method: 'explicit', tco2e: 0 },
            leakageTco2e: 0,
            gwpSet,
          });

          expect(scaled(accounts.exact.projectTco2e, 10)).toBe(
            scaled(tonnes.text, 9) * gwpTenths(gas, gwpSet),
          );
        },
      ),
    );
  });
});
