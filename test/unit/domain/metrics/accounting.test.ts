import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type AccountingInput,
  accountEmissions,
  calcVersion,
  roundTco2e,
} from '../../../../shared/domain/metrics/accounting.ts';
import { type Gas, gases, gwpSets } from '../../../../shared/domain/metrics/gwp.ts';
import { type DecimalSample, decimals, scaled, ulp } from './metric-factories.ts';

/** A report with an explicit zero baseline and no leakage unless told otherwise. */
function anAccountingInput(overrides: Partial<AccountingInput> = {}): AccountingInput {
  return {
    projectEmissions: [],
    baseline: { method: 'explicit', tco2e: 0 },
    leakageTco2e: 0,
    gwpSet: 'AR6',
    ...overrides,
  };
}

function projectTco2eOf(gas: Gas, tonnes: number, gwpSet: 'AR6' | 'AR5'): number {
  return accountEmissions(anAccountingInput({ projectEmissions: [{ gas, tonnes }], gwpSet })).projectTco2e;
}

describe('accountEmissions: project emissions, worked by hand', () => {
  it.each([
    // AR6 (IPCC AR6 WG1 Table 7.15)
    ['CO2', 1234.567, 'AR6', 1234.567], //          1,234.567 t × 1      = 1,234.567
    ['CH4_fossil', 2.5, 'AR6', 74.5], //               2.5 t × 29.8       = 74.5
    ['CH4_non_fossil', 2.5, 'AR6', 67.5], //           2.5 t × 27.0       = 67.5
    ['N2O', 0.4, 'AR6', 109.2], //                     0.4 t × 273        = 109.2
    ['SF6', 0.002, 'AR6', 50.4], //                  0.002 t × 25,200     = 50.4
    ['NF3', 0.003, 'AR6', 52.2], //                  0.003 t × 17,400     = 52.2
    ['HFC_134a', 0.25, 'AR6', 382.5], //              0.25 t × 1,530      = 382.5
    ['HFC_32', 1.5, 'AR6', 1156.5], //                 1.5 t × 771        = 1,156.5
    ['CF4', 0.01, 'AR6', 73.8], //                    0.01 t × 7,380      = 73.8
    // AR5 (IPCC AR5 WG1 Table 8.A.1, no climate-carbon feedbacks)
    ['CO2', 1234.567, 'AR5', 1234.567], //          1,234.567 t × 1      = 1,234.567
    ['CH4_fossil', 2.5, 'AR5', 70], //                 2.5 t × 28         = 70
    ['CH4_non_fossil', 2.5, 'AR5', 70], //             2.5 t × 28         = 70
    ['N2O', 0.4, 'AR5', 106], //                       0.4 t × 265        = 106
    ['SF6', 0.002, 'AR5', 47], //                    0.002 t × 23,500     = 47
    ['NF3', 0.003, 'AR5', 48.3], //                  0.003 t × 16,100     = 48.3
    ['HFC_134a', 0.25, 'AR5', 325], //                0.25 t × 1,300      = 325
    ['HFC_32', 1.5, 'AR5', 1015.5], //                 1.5 t × 677        = 1,015.5
    ['CF4', 0.01, 'AR5', 66.3], //                    0.01 t × 6,630      = 66.3
  ] as const)('%s: %d t in %s is %d tCO2e', (gas, tonnes, gwpSet, expected) => {
    expect(projectTco2eOf(gas, tonnes, gwpSet)).toBe(expected);
  });

  it('adds every gas of a report, in AR6', () => {
    const input = anAccountingInput({
      projectEmissions: [
        { gas: 'CO2', tonnes: 1234.567 },
        { gas: 'CH4_fossil', tonnes: 2.5 },
        { gas: 'CH4_non_fossil', tonnes: 2.5 },
        { gas: 'N2O', tonnes: 0.4 },
        { gas: 'SF6', tonnes: 0.002 },
        { gas: 'NF3', tonnes: 0.003 },
        { gas: 'HFC_134a', tonnes: 0.25 },
        { gas: 'HFC_32', tonnes: 1.5 },
        { gas: 'CF4', tonnes: 0.01 },
      ],
    });

    // 1,234.567 + 74.5 + 67.5 + 109.2 + 50.4 + 52.2 + 382.5 + 1,156.5 + 73.8 = 3,201.167
    expect(accountEmissions(input).projectTco2e).toBe(3201.167);
    // AR5: 1,234.567 + 70 + 70 + 106 + 47 + 48.3 + 325 + 1,015.5 + 66.3 = 2,982.667
    expect(accountEmissions({ ...input, gwpSet: 'AR5' }).projectTco2e).toBe(2982.667);
  });

  it.each([
    // 0.1725 t × 29.8 = 5.1405 → 5.141 (as doubles the product is 5.140499999999999)
    ['CH4_fossil', 0.1725, 5.141],
    // 0.0055 t × 273 = 1.5015 → 1.502 (as doubles 1.5014999999999998)
    ['N2O', 0.0055, 1.502],
    // 0.0125 t × 29.8 = 0.3725 → 0.373
    ['CH4_fossil', 0.0125, 0.373],
    // 0.00125 t × 273 = 0.34125 → 0.341
    ['N2O', 0.00125, 0.341],
  ] as const)(
    'rounds %s %d t (AR6) half away from zero on the exact product, to %d',
    (gas, tonnes, expected) => {
      expect(projectTco2eOf(gas, tonnes, 'AR6')).toBe(expected);
    },
  );

  it('counts a report without project emissions as 0', () => {
    expect(accountEmissions(anAccountingInput()).projectTco2e).toBe(0);
  });
});

describe('accountEmissions: baseline and reductions', () => {
  it('multiplies generation by the grid factor, and subtracts project emissions and leakage', () => {
    const input = anAccountingInput({
      generationMwh: 12_345.6,
      baseline: { method: 'grid_factor', factorId: 'jp-national-2023' },
      projectEmissions: [{ gas: 'CH4_fossil', tonnes: 2.5 }],
      leakageTco2e: 10.25,
    });

    const accounts = accountEmissions(input, { tco2PerMwh: 0.4567 });

    // baseline: 12,345.6 MWh × 0.4567 t/MWh = 4,938.24 + 617.28 + 82.71552 = 5,638.23552 → 5,638.236
    expect(accounts.baselineTco2e).toBe(5638.236);
    // project: 2.5 t × 29.8 = 74.5
    expect(accounts.projectTco2e).toBe(74.5);
    // reductions: 5,638.23552 − 74.5 − 10.25 = 5,553.48552 → 5,553.486
    expect(accounts.reductionsTco2e).toBe(5553.486);
    expect(accounts.exact).toEqual({
      projectTco2e: '74.5',
      baselineTco2e: '5638.23552',
      reductionsTco2e: '5553.48552',
    });
  });

  it('takes an explicit baseline as given, whatever factor is passed', () => {
    const input = anAccountingInput({ generationMwh: 1000, baseline: { method: 'explicit', tco2e: 321.5 } });

    expect(accountEmissions(input, { tco2PerMwh: 0.5 }).baselineTco2e).toBe(321.5);
  });

  it('keeps negative reductions: a project that emits more than its baseline is not clamped to 0', () => {
    const input = anAccountingInput({
      baseline: { method: 'explicit', tco2e: 100 },
      projectEmissions: [{ gas: 'CO2', tonnes: 150 }],
      leakageTco2e: 5,
    });

    // 100 − 150 − 5 = −55
    expect(accountEmissions(input).reductionsTco2e).toBe(-55);
  });

  it('rounds a negative half away from zero too', () => {
    const input = anAccountingInput({ projectEmissions: [{ gas: 'CH4_fossil', tonnes: 0.0125 }] });

    // 0 − 0.0125 × 29.8 = −0.3725 → −0.373
    expect(accountEmissions(input).reductionsTco2e).toBe(-0.373);
  });

  it('rounds the reductions once, from the exact figures, not from the rounded ones', () => {
    const input = anAccountingInput({
      baseline: { method: 'explicit', tco2e: 0.0006 },
      projectEmissions: [{ gas: 'CO2', tonnes: 0.0004 }],
    });

    const accounts = accountEmissions(input);

    // rounded separately: 0.001 − 0.000 = 0.001; exactly: 0.0006 − 0.0004 = 0.0002 → 0.000
    expect(accounts).toMatchObject({ baselineTco2e: 0.001, projectTco2e: 0, reductionsTco2e: 0 });
  });

  it('stores 0, never −0, for a negative figure that rounds to nothing', () => {
    const input = anAccountingInput({ projectEmissions: [{ gas: 'CO2', tonnes: 0.0004 }] });

    expect(Object.is(accountEmissions(input).reductionsTco2e, 0)).toBe(true);
  });

  it('refuses a grid_factor baseline without its factor or generation (a caller’s mistake)', () => {
    const gridInput = anAccountingInput({
      baseline: { method: 'grid_factor', factorId: 'jp-national-2023' },
    });

    expect(() => accountEmissions({ ...gridInput, generationMwh: 10 })).toThrow(TypeError);
    expect(() => accountEmissions(gridInput, { tco2PerMwh: 0.5 })).toThrow(TypeError);
  });

  it('names its rules', () => {
    expect(calcVersion).toBe('mrv-2026.1');
  });
});

describe('roundTco2e', () => {
  it.each([
    [1.0005, 1.001], // the double nearest 1.0005 is 1.000499999…; rounded as the decimal it prints as
    [-1.0005, -1.001],
    [2.675, 2.675],
    [0.0005, 0.001],
    [0.00049, 0],
    [1.2344999, 1.234],
    [5638.23552, 5638.236],
    [123_456_789.1235, 123_456_789.124],
    [0.1 + 0.2, 0.3],
    [-0.0004, 0],
    [0, 0],
    [1e21, 1e21],
  ])('rounds %d to %d', (value, expected) => {
    expect(roundTco2e(value)).toBe(expected);
  });
});

/** Reports of any valid shape: each gas at most once, any GWP set, either baseline. */
function reports(tonnes: fc.Arbitrary<number>, quantities: fc.Arbitrary<number>) {
  return fc.record({
    emissions: fc.uniqueArray(fc.record({ gas: fc.constantFrom(...gases), tonnes }), {
      selector: (emission) => emission.gas,
      maxLength: gases.length,
    }),
    gwpSet: fc.constantFrom(...gwpSets),
    leakageTco2e: quantities,
    generationMwh: quantities,
    baseline: fc.oneof(
      fc.record({ method: fc.constant('explicit' as const), tco2e: quantities }),
      fc.record({
        method: fc.constant('grid_factor' as const),
        tco2PerMwh: fc.double({ min: 1e-6, max: 2, noNaN: true }),
      }),
    ),
  });
}

type ReportSample = ReturnType<typeof reports> extends fc.Arbitrary<infer T> ? T : never;

function account(sample: ReportSample) {
  const input = anAccountingInput({
    projectEmissions: sample.emissions,
    gwpSet: sample.gwpSet,
    leakageTco2e: sample.leakageTco2e,
    generationMwh: sample.generationMwh,
    baseline:
      sample.baseline.method === 'explicit'
        ? sample.baseline
        : { method: 'grid_factor', factorId: 'any-factor' },
  });
  const factor =
    sample.baseline.method === 'grid_factor' ? { tco2PerMwh: sample.baseline.tco2PerMwh } : undefined;
  return accountEmissions(input, factor);
}

const anyQuantity = fc.double({ min: 0, max: 1e9, noNaN: true });

describe('accountEmissions: properties over any valid report', () => {
  it('is linear in tonnes: scaling every tonnes by k scales the unrounded project emissions by k', () => {
    fc.assert(
      fc.property(
        reports(anyQuantity, anyQuantity),
        fc.double({ min: 0, max: 1000, noNaN: true }),
        (sample, k) => {
          const scaledSample = {
            ...sample,
            emissions: sample.emissions.map((e) => ({ ...e, tonnes: e.tonnes * k })),
          };

          const base = Number(account(sample).exact.projectTco2e);
          const scaledUp = Number(account(scaledSample).exact.projectTco2e);

          // Only k × tonnes is rounded (to a double, before the accounting): every term is ≥ 0, so the
          // relative error stays within a few ulps; below 1e-308 doubles are subnormal and their
          // spacing (5e-324) is absolute, hence the tiny absolute allowance.
          expect(Math.abs(scaledUp - k * base)).toBeLessThanOrEqual(1e-12 * Math.abs(k * base) + 1e-300);
        },
      ),
    );
  });

  it('is exactly linear for whole k on decimal tonnes', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.record({ gas: fc.constantFrom(...gases), tonnes: decimals(0, 1e6, 6) }), {
          selector: (e) => e.gas,
          maxLength: gases.length,
        }),
        fc.integer({ min: 0, max: 1000 }),
        (emissions, k) => {
          const projectOf = (tonnesOf: (tonnes: DecimalSample) => number) =>
            accountEmissions(
              anAccountingInput({
                projectEmissions: emissions.map((e) => ({ gas: e.gas, tonnes: tonnesOf(e.tonnes) })),
              }),
            ).exact.projectTco2e;
          // k × (units / 10^6), built from the integer product so that it is the exact decimal.
          const times = (tonnes: DecimalSample) => Number(`${scaled(tonnes.text, 6) * BigInt(k)}e-6`);

          expect(scaled(projectOf(times), 7)).toBe(
            BigInt(k) *
              scaled(
                projectOf((t) => t.value),
                7,
              ),
          );
        },
      ),
    );
  });

  it('makes reductions exactly baseline − project − leakage before rounding', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.record({ gas: fc.constantFrom(...gases), tonnes: decimals(0, 1e9) }), {
          selector: (e) => e.gas,
          maxLength: gases.length,
        }),
        decimals(0, 1e9),
        decimals(0, 1e9),
        fc.option(decimals(1e-9, 2), { nil: undefined }),
        fc.constantFrom(...gwpSets),
        (emissions, leakage, baselineOrGeneration, factor, gwpSet) => {
          const accounts = accountEmissions(
            anAccountingInput({
              projectEmissions: emissions.map((e) => ({ gas: e.gas, tonnes: e.tonnes.value })),
              leakageTco2e: leakage.value,
              gwpSet,
              generationMwh: baselineOrGeneration.value,
              baseline:
                factor === undefined
                  ? { method: 'explicit', tco2e: baselineOrGeneration.value }
                  : { method: 'grid_factor', factorId: 'any-factor' },
            }),
            factor === undefined ? undefined : { tco2PerMwh: factor.value },
          );
          const exact = (text: string) => scaled(text, 18);

          expect(exact(accounts.exact.reductionsTco2e)).toBe(
            exact(accounts.exact.baselineTco2e) - exact(accounts.exact.projectTco2e) - exact(leakage.text),
          );
          const expectedBaseline =
            factor === undefined
              ? exact(baselineOrGeneration.text)
              : scaled(baselineOrGeneration.text, 9) * scaled(factor.value === 0 ? '0' : factor.text, 9);
          expect(exact(accounts.exact.baselineTco2e)).toBe(expectedBaseline);
        },
      ),
    );
  });

  it('keeps stored reductions within 0.0015 of stored baseline − project − leakage', () => {
    fc.assert(
      fc.property(reports(anyQuantity, anyQuantity), (sample) => {
        const accounts = account(sample);

        const fromStored = accounts.baselineTco2e - accounts.projectTco2e - sample.leakageTco2e;
        // Three roundings of at most 0.0005 each, plus what doubles cannot hold at the magnitudes
        // reached (SF6 tonnes × 25,200 go beyond 2^53 thousandths, where a double has no kg left).
        const noise = 8 * ulp(Math.max(Math.abs(accounts.projectTco2e), Math.abs(accounts.baselineTco2e)));
        expect(Math.abs(accounts.reductionsTco2e - fromStored)).toBeLessThanOrEqual(0.0015 + noise);
      }),
    );
  });

  it('rounds every stored figure to within 0.0005 of its exact value (exactly, in the kilogram-exact range)', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.record({ gas: fc.constantFrom(...gases), tonnes: decimals(0, 1e7) }), {
          selector: (e) => e.gas,
          maxLength: gases.length,
        }),
        decimals(0, 1e9),
        decimals(0, 1e9),
        fc.constantFrom(...gwpSets),
        (emissions, leakage, baseline, gwpSet) => {
          const accounts = accountEmissions(
            anAccountingInput({
              projectEmissions: emissions.map((e) => ({ gas: e.gas, tonnes: e.tonnes.value })),
              leakageTco2e: leakage.value,
              baseline: { method: 'explicit', tco2e: baseline.value },
              gwpSet,
            }),
          );

          for (const figure of ['projectTco2e', 'baselineTco2e', 'reductionsTco2e'] as const) {
            const drift = scaled(String(accounts[figure]), 10) - scaled(accounts.exact[figure], 10);
            expect(drift <= 5_000_000n && drift >= -5_000_000n, `${figure} drifts by ${drift} × 1e-10`).toBe(
              true,
            );
            // and it is a whole number of kilograms
            expect(scaled(String(accounts[figure]), 3) * 10_000_000n).toBe(
              scaled(String(accounts[figure]), 10),
            );
          }
        },
      ),
    );
  });

  it('rounds every stored figure to within 0.0005 of its exact value, up to double precision, for any doubles', () => {
    fc.assert(
      fc.property(reports(anyQuantity, anyQuantity), (sample) => {
        const accounts = account(sample);

        for (const figure of ['projectTco2e', 'baselineTco2e', 'reductionsTco2e'] as const) {
          const exact = Number(accounts.exact[figure]);
          expect(Math.abs(accounts[figure] - exact)).toBeLessThanOrEqual(0.0005 + 2 * ulp(exact));
        }
      }),
    );
  });
});
