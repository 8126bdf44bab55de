/** What the reference-data use cases need from storage (DynamoDB adapter in `shared/adapters/dynamodb/reference-table.ts`). */
import type { EmissionFactor } from './emission-factors.ts';
import type { FxRateRecord } from './fx-rate-input.ts';

/** A page of a reference listing, in key order, after the given key. */
export interface ReferencePage<T> {
  readonly items: T[];
  readonly more: boolean;
}

export interface ReferenceRepository {
  factor(id: string): Promise<EmissionFactor | undefined>;
  /**
   * Stores the next version of a factor (and keeps every version), only if the current one is still
   * `previous` (or there is none, when `previous` is undefined).
   * @throws VersionConflictError when another admin changed it meanwhile
   */
  putFactor(previous: EmissionFactor | undefined, next: EmissionFactor): Promise<void>;
  /** Factors in id order after `afterId`. */
  listFactors(limit: number, afterId?: string): Promise<ReferencePage<EmissionFactor>>;
  fxRate(currency: string, year: number): Promise<FxRateRecord | undefined>;
  /** Like `putFactor`, for FX rates. */
  putFxRate(previous: FxRateRecord | undefined, next: FxRateRecord): Promise<void>;
  /** Rates in (currency, year) order after `afterKey` (`JPY#2024`). */
  listFxRates(limit: number, afterKey?: string): Promise<ReferencePage<FxRateRecord>>;
}
