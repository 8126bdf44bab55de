import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { attributionOf, unattributedKey } from '../../../../shared/domain/indicators/attribution.ts';
import { decimalOf } from '../../../../shared/domain/metrics/decimal.ts';

describe('attributionOf', () => {
  it('keys countries with a share in code-unit order, then the uncovered part', () => {
    const attribution = attributionOf([
      { country: 'US', sharePct: 20 },
      { country: 'AU', sharePct: 10 },
      { country: 'JP', sharePct: 0 },
      { country: 'KR' },
      { country: 'US', sharePct: 5 },
    ]);

    expect(attribution.keys).toEqual(['AU', 'US', unattributedKey]);
    expect(attribution.allocate(1_000)).toEqual([100, 250, 650]);
  });

  it('puts everything on unattributed when no participant has a share', () => {
    const attribution = attributionOf([{ country: 'US' }, { country: 'JP' }]);

    expect(attribution.keys).toEqual([unattributedKey]);
    expect(attribution.allocate(-1_234)).toEqual([-1_234]);
  });

  it('has no unattributed key when the shares cover 100', () => {
    expect(
      attributionOf([
        { country: 'US', sharePct: 66.7 },
        { country: 'JP', sharePct: 33.3 },
      ]).keys,
    ).toEqual(['JP', 'US']);
  });

  it('refuses a negative share', () => {
    expect(() => attributionOf([{ country: 'US', sharePct: -1 }])).toThrow(RangeError);
  });

  it('splits any amount into parts that sum to it, each within one unit of its exact quota', () => {
    const participants = fc.array(
      fc.record({
        country: fc.constantFrom('US', 'JP', 'AU', 'KR'),
        share: fc.option(
          fc.oneof(fc.integer({ min: 0, max: 25 }), fc.double({ min: 0, max: 25, noNaN: true })),
          {
            nil: undefined,
          },
        ),
      }),
      { minLength: 1, maxLength: 4 },
    );
    const amount = fc.oneof(
      fc.integer({ min: -1e12, max: 1e12 }),
      fc.bigInt({ min: -(10n ** 20n), max: 10n ** 20n }),
    );
    fc.assert(
      fc.property(participants, amount, (list, units) => {
        const given = list.map(({ country, share }) =>
          share === undefined ? { country } : { country, sharePct: share },
        );
        const attribution = attributionOf(given);
        const parts = attribution.allocate(units).map((part) => BigInt(part));

        expect(parts.reduce((a, b) => a + b, 0n)).toBe(BigInt(units));
        // Exact quotas from the shares as decimals, at a common scale.
        const scale = 400; // beyond any double's decimal places
        const weightOf = (share: number) => {
          const decimal = decimalOf(share);
          return decimal.units * 10n ** BigInt(scale - decimal.scale);
        };
        const weights = new Map<string, bigint>();
        for (const p of given) {
          if (p.sharePct !== undefined)
            weights.set(p.country, (weights.get(p.country) ?? 0n) + weightOf(p.sharePct));
        }
        const covered = [...weights.values()].reduce((a, b) => a + b, 0n);
        const whole = 100n * 10n ** BigInt(scale);
        const denominator = covered > whole ? covered : whole;
        weights.set(unattributedKey, denominator - covered);
        for (const [k, key] of attribution.keys.entries()) {
          const exact = BigInt(units) * (weights.get(key) ?? 0n);
          const error = (parts[k] ?? 0n) * denominator - exact;
          expect(error < denominator && error > -denominator).toBe(true);
        }
      }),
    );
  });
});
