/**
 * English catalogue texts without the ICU formatter, for code that runs in a function and needs a
 * few fixed texts: the release files' indicator glossary. Importing `catalogue.ts` would bundle
 * every language and `intl-messageformat` (about 50 KB) for that. Only texts without arguments are
 * served, and a unit test checks that each reads exactly as `translate('en', key)` formats it.
 */
import en from './en.json' with { type: 'json' };

const english: Readonly<Record<string, string>> = en;

/**
 * The English text of `key`, or undefined when the catalogue has none.
 * @throws Error when the message takes arguments or quotes ICU syntax: it needs `translate`
 */
export function englishText(key: string): string | undefined {
  const text = english[key];
  if (text === undefined) return undefined;
  // `'` starts an ICU quote only before a special character or another `'`.
  if (/[{}#|]|''/.test(text)) throw new Error(`${key} is an ICU message: format it with translate()`);
  return text;
}
