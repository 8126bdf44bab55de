import { BatchGetCommand, type DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { ulid } from 'ulid';
import { describe, expect, it } from 'vitest';
import { documentClient } from '../../shared/adapters/dynamodb/document-client.ts';
import { DynamoReferenceRepository } from '../../shared/adapters/dynamodb/reference-table.ts';
import { tableName } from '../../shared/config/env.ts';
import { VersionConflictError } from '../../shared/domain/errors.ts';
import type { EmissionFactor } from '../../shared/domain/reference/emission-factors.ts';
import { fxKey } from '../../shared/domain/reference/fx.ts';
import type { FxRateRecord } from '../../shared/domain/reference/fx-rate-input.ts';
import { aFactor } from '../unit/domain/metrics/metric-factories.ts';

const repository = new DynamoReferenceRepository(documentClient, tableName('reference'));

/** A factor id of this test alone; ids that start with it sort together, after it. */
const aFactorPrefix = () => `t${ulid().toLowerCase()}`;

const usedCurrencies = new Set<string>();
/**
 * A three-letter code (`Q` and two letters) no other test of this file uses, so that the public
 * listing's cursor (`AAA#yyyy`) still reads the rates these tests leave behind.
 */
function aCurrency(): string {
  const letter = () => String.fromCharCode(65 + Math.floor(Math.random() * 26));
  for (;;) {
    const code = `Q${letter()}${letter()}`;
    if (code !== 'QAR' && !usedCurrencies.has(code)) {
      usedCurrencies.add(code);
      return code;
    }
  }
}

function aRate(overrides: Partial<FxRateRecord> = {}): FxRateRecord {
  return {
    currency: 'QQQ',
    year: 2024,
    usdPerUnit: 0.25,
    source: { title: 'Sample rate for tests' },
    version: 1,
    updatedAt: '2025-01-10T08:00:00.000Z',
    updatedBy: 'user-admin',
    ...overrides,
  };
}

/** The next version of a factor, as the domain makes it. */
function nextFactor(factor: EmissionFactor, overrides: Partial<EmissionFactor> = {}): EmissionFactor {
  return { ...factor, version: factor.version + 1, updatedAt: '2025-02-01T08:00:00.000Z', ...overrides };
}

function nextRate(rate: FxRateRecord, overrides: Partial<FxRateRecord> = {}): FxRateRecord {
  return { ...rate, version: rate.version + 1, updatedAt: '2025-02-01T08:00:00.000Z', ...overrides };
}

async function rejectionOf(action: Promise<unknown>): Promise<unknown> {
  try {
    await action;
  } catch (error) {
    return error;
  }
  throw new Error('Expected the call to be refused');
}

async function rawItem(pk: string, sk: string) {
  const { Item } = await documentClient.send(
    new GetCommand({ TableName: tableName('reference'), Key: { pk, sk }, ConsistentRead: true }),
  );
  return Item;
}

const keyAttribute = /^(pk|sk|entity|gsi\d(pk|sk))$/;

describe('DynamoReferenceRepository on DynamoDB Local', () => {
  describe('emission factors', () => {
    it('stores version 1 and answers exactly it, without key attributes', async () => {
      const factor = aFactor({ id: `${aFactorPrefix()}-jp` });

      await repository.putFactor(undefined, factor);

      const read = await repository.factor(factor.id);
      expect(read).toStrictEqual(factor);
      expect(Object.keys(read ?? {})).not.toEqual(
        expect.arrayContaining([expect.stringMatching(keyAttribute)]),
      );
      expect(await rawItem(`FACTOR#${factor.id}`, 'V#00000001')).toMatchObject(factor);
    });

    it('answers undefined for a factor that does not exist', async () => {
      expect(await repository.factor(`${aFactorPrefix()}-none`)).toBeUndefined();
    });

    it('stores version 2 over version 1 and keeps version 1 for the reports that cite it', async () => {
      const v1 = aFactor({ id: `${aFactorPrefix()}-jp` });
      await repository.putFactor(undefined, v1);
      const v2 = nextFactor(v1, { tco2PerMwh: 0.5 });

      await repository.putFactor(v1, v2);

      expect(await repository.factor(v1.id)).toStrictEqual(v2);
      expect(await rawItem(`FACTOR#${v1.id}`, 'V#00000001')).toMatchObject(v1);
      expect(await rawItem(`FACTOR#${v1.id}`, 'V#00000002')).toMatchObject(v2);
    });

    it('refuses a version based on a stale previous one with VersionConflictError and changes nothing', async () => {
      const v1 = aFactor({ id: `${aFactorPrefix()}-jp` });
      await repository.putFactor(undefined, v1);
      const v2 = nextFactor(v1, { tco2PerMwh: 0.5 });
      await repository.putFactor(v1, v2);

      const error = await rejectionOf(repository.putFactor(v1, nextFactor(v1, { tco2PerMwh: 0.9 })));

      expect(error).toBeInstanceOf(VersionConflictError);
      expect(await repository.factor(v1.id)).toStrictEqual(v2);
      expect(await rawItem(`FACTOR#${v1.id}`, 'V#00000002')).toMatchObject({ tco2PerMwh: 0.5 });
    });

    it('refuses a version 1 when the factor already exists, and changes nothing', async () => {
      const v1 = aFactor({ id: `${aFactorPrefix()}-jp` });
      await repository.putFactor(undefined, v1);

      const error = await rejectionOf(repository.putFactor(undefined, { ...v1, tco2PerMwh: 1.5 }));

      expect(error).toBeInstanceOf(VersionConflictError);
      expect(await repository.factor(v1.id)).toStrictEqual(v1);
    });

    it('lets exactly one of ten concurrent versions from the same previous one succeed', async () => {
      const v1 = aFactor({ id: `${aFactorPrefix()}-jp` });
      await repository.putFactor(undefined, v1);
      const candidates = Array.from({ length: 10 }, (_, i) => nextFactor(v1, { tco2PerMwh: 0.5 + i / 100 }));

      const outcomes = await Promise.allSettled(candidates.map((next) => repository.putFactor(v1, next)));

      const succeeded = outcomes.flatMap((o, i) => (o.status === 'fulfilled' ? [candidates[i]] : []));
      const refused = outcomes.flatMap((o) => (o.status === 'rejected' ? [o.reason] : []));
      expect(succeeded).toHaveLength(1);
      for (const reason of refused) expect(reason).toBeInstanceOf(VersionConflictError);
      expect(await repository.factor(v1.id)).toStrictEqual(succeeded[0]);
    });

    it('lists current factors in id order, one item per factor, a page at a time', async () => {
      const prefix = aFactorPrefix();
      const [a, b, c] = ['a', 'b', 'c'].map((suffix) => aFactor({ id: `${prefix}-${suffix}` }));
      if (!a || !b || !c) throw new Error('three factors expected');
      for (const factor of [c, a, b]) await repository.putFactor(undefined, factor);
      const b2 = nextFactor(b, { tco2PerMwh: 0.61 });
      await repository.putFactor(b, b2);

      const first = await repository.listFactors(2, prefix);
      const second = await repository.listFactors(2, b.id);

      expect(first).toEqual({ items: [a, b2], more: true });
      expect(second.items[0]).toStrictEqual(c);
      expect(second.items.every((f) => f.id > b.id)).toBe(true);
      for (const item of [...first.items, ...second.items]) {
        expect(Object.keys(item)).not.toEqual(expect.arrayContaining([expect.stringMatching(keyAttribute)]));
      }
    });

    it('answers every factor once when paging to the end', async () => {
      const prefix = aFactorPrefix();
      const ids = Array.from({ length: 7 }, (_, i) => `${prefix}-${String(i).padStart(2, '0')}`);
      await Promise.all(ids.map((id) => repository.putFactor(undefined, aFactor({ id }))));
      const listed: string[] = [];
      let after = prefix;

      for (let pages = 0; pages < 10; pages++) {
        const page = await repository.listFactors(3, after);
        const ours = page.items.filter((f) => f.id.startsWith(prefix));
        listed.push(...ours.map((f) => f.id));
        if (!page.more || ours.length < page.items.length) break;
        after = page.items.at(-1)?.id ?? after;
      }

      expect(listed).toEqual(ids);
    });
  });

  describe('FX rates', () => {
    it('stores version 1 and answers exactly it, without key attributes', async () => {
      const rate = aRate({ currency: aCurrency(), year: 2023 });

      await repository.putFxRate(undefined, rate);

      const read = await repository.fxRate(rate.currency, 2023);
      expect(read).toStrictEqual(rate);
      expect(Object.keys(read ?? {})).not.toEqual(
        expect.arrayContaining([expect.stringMatching(keyAttribute)]),
      );
      expect(await repository.fxRate(rate.currency, 2022)).toBeUndefined();
      expect(await rawItem(`FX#${rate.currency}`, 'YEAR#2023#V#00000001')).toMatchObject(rate);
    });

    it('stores version 2 with its previous one and keeps version 1', async () => {
      const v1 = aRate({ currency: aCurrency() });
      await repository.putFxRate(undefined, v1);
      const v2 = nextRate(v1, { usdPerUnit: 0.3 });

      await repository.putFxRate(v1, v2);

      expect(await repository.fxRate(v1.currency, v1.year)).toStrictEqual(v2);
      expect(await rawItem(`FX#${v1.currency}`, `YEAR#${v1.year}#V#00000001`)).toMatchObject(v1);
    });

    it('refuses a stale previous version and a second version 1 with VersionConflictError', async () => {
      const v1 = aRate({ currency: aCurrency() });
      await repository.putFxRate(undefined, v1);
      const v2 = nextRate(v1, { usdPerUnit: 0.3 });
      await repository.putFxRate(v1, v2);

      const stale = await rejectionOf(repository.putFxRate(v1, nextRate(v1, { usdPerUnit: 0.9 })));
      const again = await rejectionOf(repository.putFxRate(undefined, { ...v1, usdPerUnit: 0.1 }));

      expect(stale).toBeInstanceOf(VersionConflictError);
      expect(again).toBeInstanceOf(VersionConflictError);
      expect(await repository.fxRate(v1.currency, v1.year)).toStrictEqual(v2);
    });

    it('keeps the years of a currency apart', async () => {
      const currency = aCurrency();
      const y2023 = aRate({ currency, year: 2023, usdPerUnit: 0.2 });
      const y2024 = aRate({ currency, year: 2024, usdPerUnit: 0.4 });

      await repository.putFxRate(undefined, y2023);
      await repository.putFxRate(undefined, y2024);

      expect(await repository.fxRate(currency, 2023)).toStrictEqual(y2023);
      expect(await repository.fxRate(currency, 2024)).toStrictEqual(y2024);
    });

    it('lists current rates by currency then year, one item per rate, a page at a time', async () => {
      const currency = aCurrency();
      const rates = [2021, 2019, 2020].map((year) => aRate({ currency, year, usdPerUnit: year / 10_000 }));
      for (const rate of rates) await repository.putFxRate(undefined, rate);
      const [y2021, y2019, y2020] = rates;
      if (!y2021 || !y2019 || !y2020) throw new Error('three rates expected');
      const y2020v2 = nextRate(y2020, { usdPerUnit: 0.5 });
      await repository.putFxRate(y2020, y2020v2);

      const first = await repository.listFxRates(2, `${currency}#`);
      const second = await repository.listFxRates(2, `${currency}#2020`);

      expect(first).toEqual({ items: [y2019, y2020v2], more: true });
      expect(second.items[0]).toStrictEqual(y2021);
      expect(second.items.slice(1).every((r) => r.currency > currency)).toBe(true);
    });

    describe('usdRates', () => {
      it('answers the current rate of each pair that has one, and leaves the others out', async () => {
        const currency = aCurrency();
        const other = aCurrency();
        await repository.putFxRate(undefined, aRate({ currency, year: 2020, usdPerUnit: 0.01 }));
        const y2021 = aRate({ currency, year: 2021, usdPerUnit: 0.02 });
        await repository.putFxRate(undefined, y2021);
        await repository.putFxRate(y2021, nextRate(y2021, { usdPerUnit: 0.025 }));
        await repository.putFxRate(undefined, aRate({ currency: other, year: 2020, usdPerUnit: 7 }));

        const rates = await repository.usdRates([
          { currency, year: 2020 },
          { currency, year: 2021 },
          { currency, year: 2022 },
          { currency: other, year: 2020 },
          { currency: other, year: 2021 },
          { currency, year: 2020 },
        ]);

        expect(rates).toEqual(
          new Map([
            [fxKey(currency, 2020), 0.01],
            [fxKey(currency, 2021), 0.025],
            [fxKey(other, 2020), 7],
          ]),
        );
      });

      it('reads more than 100 pairs in BatchGet calls of at most 100 keys', async () => {
        const currency = aCurrency();
        const years = Array.from({ length: 250 }, (_, i) => 1800 + i);
        const stored = years.filter((year) => year % 3 === 0);
        for (let start = 0; start < stored.length; start += 25) {
          await Promise.all(
            stored
              .slice(start, start + 25)
              .map((year) =>
                repository.putFxRate(undefined, aRate({ currency, year, usdPerUnit: year / 1000 })),
              ),
          );
        }

        const batches: number[] = [];
        const counting = {
          send: (command: Parameters<DynamoDBDocumentClient['send']>[0]) => {
            if (command instanceof BatchGetCommand) {
              batches.push(command.input.RequestItems?.[tableName('reference')]?.Keys?.length ?? 0);
            }
            return documentClient.send(command);
          },
        } as DynamoDBDocumentClient;
        const counted = new DynamoReferenceRepository(counting, tableName('reference'));

        const rates = await counted.usdRates(years.map((year) => ({ currency, year })));

        expect(batches).toEqual([100, 100, 50]);
        expect(rates.size).toBe(stored.length);
        expect(rates).toEqual(new Map(stored.map((year) => [fxKey(currency, year), year / 1000])));
      });

      it('answers an empty map for no pairs', async () => {
        expect(await repository.usdRates([])).toEqual(new Map());
      });
    });
  });
});
