/**
 * Picks the response language from an `Accept-Language` header (RFC 9110 §12.5.4): language ranges
 * with quality values, matched by basic filtering (RFC 4647 §3.3.1: `ja` matches `ja-JP`, and
 * `ja-JP` falls back to `ja`), `*` for any, `q=0` for "not this one".
 *
 * Hand-written (about 30 lines) rather than taken from `negotiator`: that package is only present as
 * a transitive dependency of the tooling, not a dependency of the tracker, and this is all of it the
 * API needs.
 */
import { type Language, languages } from './languages.ts';

interface Range {
  readonly tag: string;
  readonly quality: number;
  readonly order: number;
}

const rangePattern = /^(\*|[a-z]{1,8}(?:-[a-z0-9]{1,8})*)$/;

function parseRanges(header: string): Range[] {
  const ranges: Range[] = [];
  header.split(',').forEach((part, order) => {
    const [rawTag, ...parameters] = part.split(';');
    const tag = (rawTag ?? '').trim().toLowerCase();
    if (!rangePattern.test(tag)) return;
    let quality = 1;
    for (const parameter of parameters) {
      const match = /^\s*q\s*=\s*(0(?:\.\d{0,3})?|1(?:\.0{0,3})?)\s*$/i.exec(parameter);
      // A malformed weight makes the range unusable rather than guessing what was meant.
      if (!match) return;
      quality = Number(match[1]);
    }
    ranges.push({ tag, quality, order });
  });
  return ranges;
}

/**
 * The quality a header gives `language`: the range that matches it best wins (the exact tag, then a
 * regional range such as `ja-JP`, then a broader one, then `*`).
 */
function qualityOf(ranges: readonly Range[], language: Language): { quality: number; order: number } {
  let best: { quality: number; order: number; specificity: number } | undefined;
  for (const range of ranges) {
    const matches =
      range.tag === '*' ||
      range.tag === language ||
      range.tag.startsWith(`${language}-`) ||
      language.startsWith(`${range.tag}-`);
    if (!matches) continue;
    const specificity =
      range.tag === language ? 3 : range.tag.startsWith(`${language}-`) ? 2 : range.tag === '*' ? 0 : 1;
    if (!best || specificity > best.specificity) best = { ...range, specificity };
  }
  return best ?? { quality: 0, order: Number.POSITIVE_INFINITY };
}

/**
 * The supported language the header prefers most; English when the header is absent, names none of
 * them, or refuses them all. Ties go to the range listed first.
 */
export function preferredLanguage(acceptLanguage: string | undefined): Language {
  if (!acceptLanguage) return 'en';
  const ranges = parseRanges(acceptLanguage);
  let chosen: Language = 'en';
  let chosenRank = { quality: 0, order: Number.POSITIVE_INFINITY };
  for (const language of languages) {
    const rank = qualityOf(ranges, language);
    if (rank.quality <= 0) continue;
    if (
      rank.quality > chosenRank.quality ||
      (rank.quality === chosenRank.quality && rank.order < chosenRank.order)
    ) {
      chosen = language;
      chosenRank = rank;
    }
  }
  return chosen;
}
