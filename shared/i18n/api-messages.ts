/**
 * The API's own texts in the caller's language: problem titles (`problem.<slug>.title`) and every
 * message the API can put into a problem's `detail` or a field's `errors[].message`
 * (`api.message.<id>`), from `api.en.json` and `api.ja.json`.
 *
 * The domain and the HTTP layer raise errors with English messages, as they always have; each such
 * message has an entry whose English text is the message itself, with `{name}` where the message
 * carries a value (`Project {id} already exists`). A message is translated by finding the English
 * pattern it matches and filling the same key in the target language with the values it carried: a
 * translation memory in the gettext manner, keyed by the source text, so the code that raises an
 * error stays as it is. A unit test reads every message the source code can raise and fails when
 * one has no entry, and another when a problem kind has no title (`docs/i18n.md`).
 *
 * These entries use plain `{name}` placeholders only (a test holds them to it), filled here without
 * an ICU formatter: the API's functions bundle neither the pages' messages nor `intl-messageformat`.
 *
 * The catalogues are read from their files on first use, not bundled: they are a tenth of every
 * function's bundle, and most requests need neither (English messages pass through untranslated).
 * Each function's bundle ships them beside `index.mjs` (`infra/constructs/tracker-function.ts`),
 * where `import.meta.url` finds them as it finds them here beside this module in the source tree.
 */
import { readFileSync } from 'node:fs';
import type { Language } from './languages.ts';

type Catalogue = Readonly<Record<string, string>>;

/** The file names of the API catalogues, which a function's bundle must ship beside it. */
export const apiCatalogueFiles: Readonly<Record<Language, string>> = { en: 'api.en.json', ja: 'api.ja.json' };

const loaded: Partial<Record<Language, Catalogue>> = {};

/** The API catalogue of a language (English defines the keys; the others must match), read once. */
export function apiCatalogue(language: Language): Catalogue {
  loaded[language] ??= JSON.parse(
    readFileSync(new URL(`./${apiCatalogueFiles[language]}`, import.meta.url), 'utf8'),
  ) as Catalogue;
  return loaded[language];
}

/** An API catalogue entry in `language` with its `{name}` placeholders filled (unknown names stay). */
export function apiText(
  language: Language,
  key: string,
  values: Readonly<Record<string, string>> = {},
): string {
  const text = apiCatalogue(language)[key] ?? apiCatalogue('en')[key];
  if (text === undefined) throw new Error(`No API message ${key} in the catalogue`);
  return text.replace(/\{(\w+)\}/g, (placeholder, name: string) => values[name] ?? placeholder);
}

interface MessagePattern {
  readonly key: string;
  readonly pattern: RegExp;
  readonly names: readonly string[];
  /** How much of the message is fixed text: the more, the more specific the pattern. */
  readonly literalLength: number;
}

const messagePrefix = 'api.message.';

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The English entries as patterns; a `{name}` matches any text, the rest matches itself. */
function compilePatterns(): MessagePattern[] {
  return (
    Object.entries(apiCatalogue('en'))
      .filter(([key]) => key.startsWith(messagePrefix))
      .map(([key, english]) => {
        const names: string[] = [];
        let literalLength = 0;
        const source = english
          .split(/(\{\w+\})/)
          .map((part) => {
            const argument = /^\{(\w+)\}$/.exec(part);
            if (!argument) {
              literalLength += part.length;
              return escapeRegExp(part);
            }
            names.push(argument[1] as string);
            return '([\\s\\S]+?)';
          })
          .join('');
        return { key, pattern: new RegExp(`^${source}$`), names, literalLength };
      })
      // The most specific pattern first: more fixed text, then fewer holes.
      .sort((a, b) => b.literalLength - a.literalLength || a.names.length - b.names.length)
  );
}

let patterns: MessagePattern[] | undefined;

/** The catalogue entry an English message comes from, with the values it carried; undefined if none. */
export function messageEntryOf(
  english: string,
): { readonly key: string; readonly values: Record<string, string> } | undefined {
  patterns ??= compilePatterns();
  for (const { key, pattern, names } of patterns) {
    const match = pattern.exec(english);
    if (!match) continue;
    const values: Record<string, string> = {};
    names.forEach((name, index) => {
      values[name] = match[index + 1] ?? '';
    });
    return { key, values };
  }
  return undefined;
}

/**
 * An English message of the API in `language`; the English itself when the catalogue has no entry
 * for it (the unit test keeps that from happening for messages the code raises). A value that is
 * itself a message of the catalogue (the failed check quoted by a replaced evidence document) is
 * translated too, so that no English is left inside the translated sentence.
 */
export function localizeMessage(language: Language, english: string): string {
  if (language === 'en') return english;
  const entry = messageEntryOf(english);
  if (!entry) return english;
  const values = Object.fromEntries(
    Object.entries(entry.values).map(([name, value]) => [name, localizeMessage(language, value)]),
  );
  return apiText(language, entry.key, values);
}

/** The title of the problem with this slug in `language`, or undefined when the catalogue has none. */
export function problemTitleText(language: Language, slug: string): string | undefined {
  return apiCatalogue(language)[`problem.${slug}.title`];
}
