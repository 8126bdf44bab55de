/**
 * The emissions accounting of one monthly report (the rules `calcVersion` names):
 *
 * - `projectTco2e   = Σ tonnes(gas) × GWP100(gas, gwpSet)`
 * - `baselineTco2e  = baseline.tco2e` (explicit), or `generationMwh × factor.tco2PerMwh` (grid_factor)
 * - `reductionsTco2e = baselineTco2e − projectTco2e − leakageTco2e`, negative when the project emits
 *   more than it avoids: never clamped, since hiding a net increase would overstate the portfolio.
 *
 * Arithmetic is exact on the decimals sent (see `decimal.ts`): each input is read as the decimal it
 * prints as, products and sums are exact, and nothing is rounded on the way. Each stored figure is
 * then rounded once, from its own exact value, to 3 decimals (kilograms), half away from zero
 * (0.3725 → 0.373, −0.3725 → −0.373), the way the project's money is rounded to cents. In
 * particular the reductions are rounded from the exact baseline, project and leakage, not computed
 * from the rounded figures, so stored reductions may differ from stored baseline − project − leakage
 * by at most 0.0015 (three half-kilogram roundings), and by nothing when the inputs have 3 decimals.
 */
import {
  type Decimal,
  decimalOf,
  multiply,
  roundToNumber,
  subtract,
  sum,
  toDecimalString,
} from './decimal.ts';
import { type GwpSet, gwp100 } from './gwp.ts';
import type { Baseline, GasEmission } from './schema.ts';

/**
 * The name of these accounting rules, stored with every report: the GWP tables in `gwp.ts`, the
 * formulas above, exact decimal arithmetic, and one rounding to 3 decimals, half away from zero.
 * Any change to those makes a new name, so that a figure can always be traced to the rules behind it.
 */
export const calcVersion = 'mrv-2026.1';

/** Decimal places of stored tCO2e figures: kilograms. */
export const storedTco2eDecimals = 3;

/** What the accounting reads from a (parsed) report. */
export interface AccountingInput {
  readonly generationMwh?: number | undefined;
  readonly projectEmissions: readonly GasEmission[];
  readonly baseline: Baseline;
  readonly leakageTco2e: number;
  readonly gwpSet: GwpSet;
}

/** The three figures stored with a report, in tCO2e rounded to 3 decimals. */
export interface EmissionFigures {
  readonly projectTco2e: number;
  readonly baselineTco2e: number;
  readonly reductionsTco2e: number;
}

/** The same figures before rounding, exactly, as decimal strings (`"0.3725"`, `"-55"`). */
export interface ExactEmissionFigures {
  readonly projectTco2e: string;
  readonly baselineTco2e: string;
  readonly reductionsTco2e: string;
}

/** The stored figures and the exact values they were rounded from. */
export interface EmissionAccounts extends EmissionFigures {
  readonly exact: ExactEmissionFigures;
}

/**
 * Rounds a tCO2e figure to 3 decimals (kg), half away from zero, on the decimal the number prints
 * as: 1.0005 → 1.001 and −1.0005 → −1.001 (though the double nearest to 1.0005 lies just below it).
 */
export function roundTco2e(value: number): number {
  return roundToNumber(decimalOf(value), storedTco2eDecimals);
}

function projectEmissionsOf(input: AccountingInput): Decimal {
  return sum(
    input.projectEmissions.map(({ gas, tonnes }) =>
      multiply(decimalOf(tonnes), decimalOf(gwp100(gas, input.gwpSet))),
    ),
  );
}

function baselineOf(input: AccountingInput, factor: { readonly tco2PerMwh: number } | undefined): Decimal {
  if (input.baseline.method === 'explicit') return decimalOf(input.baseline.tco2e);
  if (factor === undefined) throw new TypeError('A grid_factor baseline needs its emission factor');
  if (input.generationMwh === undefined) throw new TypeError('A grid_factor baseline needs generationMwh');
  return multiply(decimalOf(input.generationMwh), decimalOf(factor.tco2PerMwh));
}

/**
 * The project, baseline and reduction figures of a report, stored (rounded) and exact.
 * `factor` is the emission factor of a `grid_factor` baseline; an `explicit` baseline ignores it.
 * Inputs are assumed parsed (finite numbers); a grid_factor baseline without its factor or without
 * generation is a caller's mistake and throws a TypeError.
 */
export function accountEmissions(
  input: AccountingInput,
  factor?: { readonly tco2PerMwh: number },
): EmissionAccounts {
  const project = projectEmissionsOf(input);
  const baseline = baselineOf(input, factor);
  const reductions = subtract(subtract(baseline, project), decimalOf(input.leakageTco2e));
  return {
    projectTco2e: roundToNumber(project, storedTco2eDecimals),
    baselineTco2e: roundToNumber(baseline, storedTco2eDecimals),
    reductionsTco2e: roundToNumber(reductions, storedTco2eDecimals),
    exact: {
      projectTco2e: toDecimalString(project),
      baselineTco2e: toDecimalString(baseline),
      reductionsTco2e: toDecimalString(reductions),
    },
  };
}
