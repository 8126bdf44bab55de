/**
 * English catalogue texts without the ICU formatter, for code that runs in a function and needs a
 * few fixed texts: the release files' indicator glossary. Importing `catalogue.ts` would bundle
 * every language and `intl-messageformat` (about 65 KB) for that. The catalogue is read from beside
 * this module on first use, as it is copied beside each bundle (`shared/bundle-files.ts`). Only
 * texts without arguments are served, and a unit test checks that each reads exactly as
 * `translate('en', key)` formats it.
 */
import { readFileSync } from 'node:fs';

/** The English catalogue's file name, beside this module and beside each bundle. */
export const englishCatalogueFile = 'en.json';

let english: Readonly<Record<string, string>> | undefined;

function catalogue(): Readonly<Record<string, string>> {
  english ??= JSON.parse(readFileSync(new URL(`./${englishCatalogueFile}`, import.meta.url), 'utf8'));
  return english as Readonly<Record<string, string>>;
}

/**
 * The English text of `key`, or undefined when the catalogue has none.
 * @throws Error when the message takes arguments or quotes ICU syntax: it needs `translate`
 */
export function englishText(key: string): string | undefined {
  const text = catalogue()[key];
  if (text === undefined) return undefined;
  // `'` starts an ICU quote only before a special character or another `'`.
  if (/[{}#|]|''/.test(text)) throw new Error(`${key} is an ICU message: format it with translate()`);
  return text;
}
