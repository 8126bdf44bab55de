/**
 * The message catalogues of the pages: every user-visible text of the dashboard, the API reference
 * page and the indicator reference, in each supported language, as ICU MessageFormat strings in one
 * JSON file per language (`en.json`, `ja.json`), formatted with `intl-messageformat`. The API's
 * problem texts are in `api.<language>.json` (`api-messages.ts`), so that the API's functions
 * bundle neither these messages nor the ICU formatter. English is the source:
 * its keys are the type of every key, and a unit test fails when another language lacks a key,
 * has an extra one, or uses other placeholders. How terms were chosen and how to add a language:
 * `docs/i18n.md`.
 *
 * Plain TypeScript with no Node imports: the dashboard bundles it for the browser too.
 */
import { IntlMessageFormat } from 'intl-messageformat';
import en from './en.json' with { type: 'json' };
import ja from './ja.json' with { type: 'json' };

import { intlLocales, type Language } from './languages.ts';

export { intlLocales, isLanguage, type Language, languages } from './languages.ts';

/** Every catalogue key (English defines them; the others must match). */
export type MessageKey = keyof typeof en;

/** The catalogues by language, as plain key → ICU message records. */
export const catalogues: Readonly<Record<Language, Readonly<Record<string, string>>>> = { en, ja };

export type MessageValues = Readonly<Record<string, string | number>>;

const compiled = new Map<string, IntlMessageFormat>();

function compiledMessage(language: Language, key: string): IntlMessageFormat {
  const cacheKey = `${language}\u0000${key}`;
  let message = compiled.get(cacheKey);
  if (!message) {
    const text = catalogues[language][key] ?? catalogues.en[key];
    if (text === undefined) throw new Error(`No message ${key} in the catalogue`);
    message = new IntlMessageFormat(text, intlLocales[language]);
    compiled.set(cacheKey, message);
  }
  return message;
}

/**
 * The message `key` in `language`, with `values` filled in. Numbers given as values are formatted for
 * the language by ICU; pass a string when a number is an identifier (a year, a period).
 * @throws Error when English has no such key (the type prevents it for literal keys)
 */
export function translate(language: Language, key: MessageKey, values?: MessageValues): string {
  return String(compiledMessage(language, key).format(values));
}

/** A translator bound to one language. */
export type Translator = (key: MessageKey, values?: MessageValues) => string;

/** `translate` with the language fixed. */
export function translator(language: Language): Translator {
  return (key, values) => translate(language, key, values);
}

/** Whether `key` is a key of the catalogues (for keys built at run time, such as `technology.${value}`). */
export function isMessageKey(key: string): key is MessageKey {
  return Object.hasOwn(catalogues.en, key);
}

interface AstNode {
  readonly type: number;
  readonly value?: unknown;
  readonly options?: Readonly<Record<string, { readonly value: readonly AstNode[] }>>;
  readonly children?: readonly AstNode[];
}

/** ICU element types that name an argument: argument, number, date, time, select, plural. */
const argumentTypes = new Set([1, 2, 3, 4, 5, 6]);

/** The argument names a message uses (sorted), from its parsed ICU syntax. */
export function placeholdersOf(message: string): string[] {
  const names = new Set<string>();
  const walk = (nodes: readonly AstNode[]): void => {
    for (const node of nodes) {
      if (argumentTypes.has(node.type) && typeof node.value === 'string') names.add(node.value);
      for (const option of Object.values(node.options ?? {})) walk(option.value);
      if (node.children) walk(node.children);
    }
  };
  walk(new IntlMessageFormat(message, 'en').getAst() as unknown as AstNode[]);
  return [...names].sort();
}
