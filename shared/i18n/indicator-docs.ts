/**
 * Writes the indicator reference pages (`docs/indicators.md`, `docs/indicators.ja.md`) from the
 * catalogue's `indicator.<name>.*` entries, the same names and definitions the dashboard shows, so
 * the pages and the dashboard cannot disagree. A unit test fails when a page differs from what this
 * writes; `npx tsx shared/i18n/indicator-docs.ts` rewrites both.
 */
import { writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { catalogues, type Language, languages, type MessageKey, translate } from './catalogue.ts';

/** The indicators the catalogue defines, in its order. */
export function indicatorNames(): string[] {
  return Object.keys(catalogues.en)
    .map((key) => /^indicator\.(\w+)\.name$/.exec(key)?.[1])
    .filter((name): name is string => name !== undefined);
}

/** The page's file name in `docs/` for a language. */
export function indicatorPageName(language: Language): string {
  const suffix = language === 'en' ? '' : `.${language}`;
  return `indicators${suffix}.md`;
}

const cell = (text: string) => text.replace(/\|/g, '\\|');

/** The Markdown of the indicator reference in `language`. */
export function indicatorPage(language: Language): string {
  const t = (key: MessageKey) => translate(language, key);
  const others = languages
    .filter((other) => other !== language)
    .map((other) => `[${translate(other, 'docs.indicators.languageName')}](${indicatorPageName(other)})`)
    .join(' · ');
  const rows = indicatorNames().map((name) => {
    const key = (part: string) => `indicator.${name}.${part}` as MessageKey;
    return `| \`${name}\` | ${cell(t(key('name')))} | ${cell(t(key('definition')))} | ${cell(t(key('unit')))} |`;
  });
  return [
    `# ${t('docs.indicators.title')}`,
    '',
    `*${others}*`,
    '',
    t('docs.indicators.intro'),
    '',
    `| ${t('docs.indicators.column.code')} | ${t('docs.indicators.column.name')} | ${t('docs.indicators.column.definition')} | ${t('docs.indicators.column.unit')} |`,
    '| --- | --- | --- | --- |',
    ...rows,
    '',
    t('docs.indicators.suppression'),
    '',
    t('docs.indicators.generated'),
    '',
  ].join('\n');
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const docs = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'docs');
  for (const language of languages)
    writeFileSync(join(docs, indicatorPageName(language)), indicatorPage(language));
}
