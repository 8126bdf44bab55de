/**
 * The dashboard's language: chosen from `?lang=`, then the reader's earlier choice (kept in
 * localStorage), then the page's own `<html lang>` (which the web function picked from
 * `Accept-Language`). Switching re-translates the page's fixed texts in place from the same
 * catalogue the build filled them from, and the caller redraws the rest.
 */
import {
  isLanguage,
  isMessageKey,
  type Language,
  languages,
  type Translator,
} from '../../../shared/i18n/catalogue.ts';

/** The localStorage entry that remembers the reader's choice. */
export const languageStorageKey = 'jucip.language';

function storedLanguage(): Language | undefined {
  try {
    const stored = window.localStorage.getItem(languageStorageKey);
    return isLanguage(stored) ? stored : undefined;
  } catch {
    // Storage may be disabled (privacy settings); the choice then lasts for the page only.
    return undefined;
  }
}

/** The `lang` the URL asks for, if it names a supported language. */
export function languageInUrl(): Language | undefined {
  const asked = new URLSearchParams(window.location.search).get('lang');
  return isLanguage(asked) ? asked : undefined;
}

/** The language to show on load. */
export function initialLanguage(): Language {
  const page = document.documentElement.lang;
  return languageInUrl() ?? storedLanguage() ?? (isLanguage(page) ? page : 'en');
}

/** Remembers the reader's choice for the next visit. */
export function rememberLanguage(language: Language): void {
  try {
    window.localStorage.setItem(languageStorageKey, language);
  } catch {
    // See storedLanguage.
  }
}

/** The language the switch offers from `language`. */
export function otherLanguage(language: Language): Language {
  return languages.find((candidate) => candidate !== language) ?? 'en';
}

/**
 * Writes the page's fixed texts in `language`: every `[data-i18n]` element's text and every
 * attribute named in `data-i18n-attr` (`name:key;name:key`), plus `<html lang>` and the switch.
 */
export function translatePage(language: Language, t: Translator): void {
  document.documentElement.lang = language;
  for (const node of document.querySelectorAll<HTMLElement>('[data-i18n]')) {
    const key = node.dataset.i18n ?? '';
    if (isMessageKey(key)) node.textContent = t(key);
  }
  for (const node of document.querySelectorAll<HTMLElement>('[data-i18n-attr]')) {
    for (const pair of (node.dataset.i18nAttr ?? '').split(';')) {
      const [name, key] = pair.split(':');
      if (name && key && isMessageKey(key)) node.setAttribute(name, t(key));
    }
  }
  const other = otherLanguage(language);
  const switcher = document.getElementById('language-switch');
  if (switcher instanceof HTMLAnchorElement) {
    switcher.lang = other;
    switcher.hreflang = other;
    switcher.dataset.lang = other;
    switcher.href = `?lang=${other}`;
  }
  const docs = document.getElementById('docs-link');
  if (docs instanceof HTMLAnchorElement) docs.href = `/docs?lang=${language}`;
}
