/** Reading reference data, for anyone: no input schema, no writes (`service.ts` has those). */
import { decodeCursor, encodeCursor, listingFingerprint } from '../cursor.ts';
import type { Page } from '../pagination.ts';
import type { EmissionFactor } from './emission-factors.ts';
import type { FxRateRecord } from './fx-rate-input.ts';
import type { ReferenceRepository } from './ports.ts';

/** `GET /emission-factors` and `GET /fx-rates`. */
export class ReferenceReader {
  constructor(private readonly source: { readonly repository: ReferenceRepository }) {}

  /** `GET /emission-factors`: every current factor, in id order. */
  async listFactors(limit: number, cursor?: string): Promise<Page<EmissionFactor>> {
    const fingerprint = listingFingerprint('emission-factors', {});
    const after = cursor
      ? decodeCursor(fingerprint, cursor, (a) => a.length > 0 && a.length <= 64)
      : undefined;
    const { items, more } = await this.source.repository.listFactors(limit, after);
    const last = items.at(-1);
    return { items, nextCursor: more && last ? encodeCursor(fingerprint, last.id) : null };
  }

  /** `GET /fx-rates`: every current rate, by currency then year. */
  async listFxRates(limit: number, cursor?: string): Promise<Page<FxRateRecord>> {
    const fingerprint = listingFingerprint('fx-rates', {});
    const after = cursor ? decodeCursor(fingerprint, cursor, (a) => /^[A-Z]{3}#\d{4}$/.test(a)) : undefined;
    const { items, more } = await this.source.repository.listFxRates(limit, after);
    const last = items.at(-1);
    return {
      items,
      nextCursor: more && last ? encodeCursor(fingerprint, `${last.currency}#${last.year}`) : null,
    };
  }
}
