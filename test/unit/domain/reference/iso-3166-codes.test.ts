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
function suffixesByCountry(): Map<string, string[]> {
  const suffixes = new Map<string, string[]>(
    [...iso31661].sort((a, b) => a.alpha2.localeCompare(b.alpha2)).map((c) => [c.alpha2, []]),
  );
  for (const subdivision of iso31662) {
    const [country, suffix] = subdivision.code.split('-');
    const list = country === undefined ? undefined : suffixes.get(country);
    if (list === undefined || suffix === undefined) {
      throw new Error(`Subdivision ${subdivision.code} has no assigned country`);
    }
    list.push(suffix);
  }
  return suffixes;
}

function renderCodesModule(): string {
  const countries = [...suffixesByCountry().keys()];
  const lines: string[] = [];
  for (let i = 0; i < countries.length; i += 24) lines.push(`  '${countries.slice(i, i + 24).join(' ')}',`);
  return [
    '/**',
    ' * ISO 3166-1 alpha-2 country codes: the codes only, without names. The ISO 3166-2 subdivision',
    ' * codes are in `iso-3166-2.json` beside this module (and beside each bundle), read on the first',
    ' * check of a subdivision, so that a function that never checks one does not carry them.',
    ' *',
    ` * Generated from ${isoPackage.name}@${isoPackage.version} (wooorm/iso-3166, which takes ISO 3166 from the`,
    " * standard's Wikipedia articles). Do not edit: after upgrading the package, regenerate this file and",
    ' * the JSON with `npx vitest run -u test/unit/domain/reference/iso-3166-codes.test.ts`; that test fails',
    ' * while these files and the package disagree.',
    ' */',
    `export const iso3166Source = '${isoPackage.name}@${isoPackage.version}';`,
    '',
    '/** Every assigned alpha-2 code, sorted, space-separated. */',
    'export const countryCodeList = [',
    ...lines,
    "].join(' ');",
    '',
  ].join('\n');
}

/** Each country with subdivisions, and the parts after `XX-` of their codes, space-separated. */
function renderSubdivisionsJson(): string {
  const entries = [...suffixesByCountry()]
    .filter(([, suffixes]) => suffixes.length > 0)
    .map(([country, suffixes]) => [country, [...suffixes].sort().join(' ')]);
  return `${JSON.stringify(Object.fromEntries(entries), null, 2)}\n`;
}

describe('the generated ISO 3166 code files', () => {
  it('hold exactly the codes of the installed iso-3166 package', async () => {
    await expect(renderCodesModule()).toMatchFileSnapshot(
      '../../../../shared/domain/reference/iso-3166-codes.ts',
    );
    await expect(renderSubdivisionsJson()).toMatchFileSnapshot(
      '../../../../shared/domain/reference/iso-3166-2.json',
    );
  });
});
