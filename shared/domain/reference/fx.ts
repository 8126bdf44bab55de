/** FX rates (reference data kept by admins): the annual average USD value of one unit of a currency. */

export interface FxRate {
  readonly currency: string;
  readonly year: number;
  readonly usdPerUnit: number;
  readonly source: { readonly title: string; readonly url?: string };
}

/** The key the FX lookups use for a (currency, year) pair, e.g. `JPY:2024`. */
export function fxKey(currency: string, year: number): string {
  return `${currency}:${year}`;
}
