/**
 * The reference-data use cases: admins PUT emission factors and FX rates; anyone reads them (the
 * reads live in `reads.ts`, so that the public function bundles no input schema).
 */
import { ValidationError } from '../errors.ts';
import { assertAuthorized, type Principal } from '../policy.ts';
import { parseOrThrow } from '../validation.ts';
import {
  type EmissionFactor,
  emissionFactorIdSchema,
  emissionFactorInputSchema,
  putEmissionFactor,
} from './emission-factors.ts';
import { type FxRateRecord, fxRateInputSchema, parseFxRateKey, putFxRate } from './fx-rate-input.ts';
import type { ReferenceRepository } from './ports.ts';
import { ReferenceReader } from './reads.ts';
import type { PutOutcome } from './versioning.ts';

export interface ReferenceServiceDeps {
  readonly repository: ReferenceRepository;
  /** The current time, ISO 8601 UTC. */
  readonly now: () => string;
}

export class ReferenceService extends ReferenceReader {
  constructor(private readonly deps: ReferenceServiceDeps) {
    super(deps);
  }

  /** `PUT /emission-factors/{id}`: a changed factor becomes its next version; the same content changes nothing. */
  async putFactor(
    principal: Principal,
    id: string,
    body: unknown,
  ): Promise<{ factor: EmissionFactor; outcome: PutOutcome }> {
    assertAuthorized(principal, 'reference:write');
    const input = parseOrThrow(emissionFactorInputSchema, body);
    if (!emissionFactorIdSchema.safeParse(id).success) {
      throw new ValidationError([
        { path: 'id', message: 'Must be 3 to 64 lowercase letters, digits, dots, dashes or underscores' },
      ]);
    }
    const current = await this.deps.repository.factor(id);
    const put = putEmissionFactor(current, id, input, { principal, now: this.deps.now() });
    if (put.outcome !== 'unchanged') await this.deps.repository.putFactor(current, put.factor);
    return put;
  }

  /** `PUT /fx-rates/{currency}/{year}`. */
  async putFxRate(
    principal: Principal,
    currency: string,
    year: string,
    body: unknown,
  ): Promise<{ rate: FxRateRecord; outcome: PutOutcome }> {
    assertAuthorized(principal, 'reference:write');
    const now = this.deps.now();
    const key = parseFxRateKey(currency, year, now);
    const input = parseOrThrow(fxRateInputSchema, body);
    const current = await this.deps.repository.fxRate(key.currency, key.year);
    const put = putFxRate(current, key.currency, key.year, input, { principal, now });
    if (put.outcome !== 'unchanged') await this.deps.repository.putFxRate(current, put.rate);
    return put;
  }
}
