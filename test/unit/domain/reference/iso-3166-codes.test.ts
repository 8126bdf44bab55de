import { iso31661 } from 'iso-3166/1.js';
import { iso31662 } from 'iso-3166/2.js';
import isoPackage from 'iso-3166/package.json' with { type: 'json' };
import { describe, expect, it } from 'vitest';

/**
 * The runtime carries only the codes of the `iso-3166` package, in a generated module (the full
 * tables with names would add ~30 ms to every cold start). This test is that module's generator:
 * `npx vitest run -u test/unit/domain/reference/iso-3166-codes.test.ts` rewrites it, and a plain run
 * fails while the module and the installed package disagree.
 */
function renderCodesModule(): string {
  const suffixesByCountry = new Map<string, string[]>(
    [...iso31661].sort((a, b) => a.alpha2.localeCompare(b.alpha2)).map((c) => [c.alpha2, []]),
  );
  for (const subdivision of iso31662) {
    const [country, suffix] = subdivision.code.split('-');
    const suffixes = country === undefined ? undefined : suffixesByCountry.get(country);
    if (suffixes === undefined || suffix === undefined) {
      throw new Error(`Subdivision ${subdivision.code} has no assigned country`);
    }
    suffixes.push(suffix);
  }
  const entries = [...suffixesByCountry].map(
    ([country, suffixes]) => `  ${country}: '${[...suffixes].sort().join(' ')}',`,
  );
  return [
    '/**',
    ' * ISO 3166-1 alpha-2 country codes and the ISO 3166-2 codes of their subdivisions: the codes only,',
    ' * without names, so that a Lambda bundle carries 20 KB instead of the 385 KB of the full tables.',
    ' *',
    ` * Generated from ${isoPackage.name}@${isoPackage.version} (wooorm/iso-3166, which takes ISO 3166 from the`,
    " * standard's Wikipedia articles). Do not edit: after upgrading the package, regenerate this file with",
    ' * `npx vitest run -u test/unit/domain/reference/iso-3166-codes.test.ts`; that test fails while this file',
    ' * and the package disagree.',
    ' */',
    `export const iso3166Source = '${isoPackage.name}@${isoPackage.version}';`,
    '',
    '/** Every assigned alpha-2 code, with the parts after `XX-` of its subdivision codes, space-separated. */',
    'export const subdivisionSuffixesByCountry: Readonly<Record<string, string>> = {',
    ...entries,
    '};',
    '',
  ].join('\n');
}

describe('the generated ISO 3166 code module', () => {
  it('holds exactly the codes of the installed iso-3166 package', async () => {
    await expect(renderCodesModule()).toMatchFileSnapshot(
      '../../../../shared/domain/reference/iso-3166-codes.ts',
    );
  });
});
