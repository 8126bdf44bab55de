/**
 * The languages the tracker speaks. Kept apart from the catalogues so that code which only needs
 * to know the languages (the `Accept-Language` negotiation, zod's messages) bundles no messages.
 */

/** The languages, English first (the fallback). */
export const languages = ['en', 'ja'] as const;
export type Language = (typeof languages)[number];

/** BCP 47 tags for `Intl` formatters (region-qualified, so numbers and dates follow the country's usage). */
export const intlLocales: Readonly<Record<Language, string>> = { en: 'en-US', ja: 'ja-JP' };

/** Whether a value names a supported language. */
export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (languages as readonly string[]).includes(value);
}
