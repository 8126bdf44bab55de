import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { indicatorNames as computedIndicators } from '../../../shared/domain/indicators/compute.ts';
import { allProblemKinds, problemTitle } from '../../../shared/http/problem.ts';
import { apiCatalogue, localizeMessage, messageEntryOf } from '../../../shared/i18n/api-messages.ts';
import {
  catalogues,
  isMessageKey,
  languages,
  type MessageKey,
  placeholdersOf,
  translate,
} from '../../../shared/i18n/catalogue.ts';
import { indicatorNames, indicatorPage, indicatorPageName } from '../../../shared/i18n/indicator-docs.ts';
import { preferredLanguage } from '../../../shared/i18n/negotiate.ts';
import { englishText } from '../../../shared/i18n/plain-text.ts';
import { projectRoot } from '../../support/local-process.ts';
import { apiMessages, errorClassesOf, messagesOf } from './api-message-sources.ts';

/** Keys in `a` that `b` lacks, and the other way round. */
function keyDifferences(a: Readonly<Record<string, string>>, b: Readonly<Record<string, string>>) {
  return {
    missing: Object.keys(a).filter((key) => !Object.hasOwn(b, key)),
    extra: Object.keys(b).filter((key) => !Object.hasOwn(a, key)),
  };
}

/** Keys whose messages use different placeholders in `a` and `b`. */
function placeholderDifferences(a: Readonly<Record<string, string>>, b: Readonly<Record<string, string>>) {
  return Object.keys(a)
    .filter((key) => Object.hasOwn(b, key))
    .filter((key) => placeholdersOf(a[key] ?? '').join() !== placeholdersOf(b[key] ?? '').join());
}

const otherLanguages = languages.filter((language) => language !== 'en');
const catalogueSets = [
  ['pages', catalogues],
  ['API', Object.fromEntries(languages.map((language) => [language, apiCatalogue(language)]))],
] as const;

describe('message catalogues', () => {
  it.each(
    catalogueSets.flatMap(([set, byLanguage]) =>
      otherLanguages.map((language) => [set, language, byLanguage] as const),
    ),
  )('the %s catalogue in %s has exactly the keys English has', (_, language, byLanguage) => {
    expect(keyDifferences(byLanguage.en, byLanguage[language])).toEqual({ missing: [], extra: [] });
  });

  it.each(
    catalogueSets.flatMap(([set, byLanguage]) =>
      otherLanguages.map((language) => [set, language, byLanguage] as const),
    ),
  )(
    'the %s catalogue in %s uses the same placeholders as English in every message',
    (_, language, byLanguage) => {
      expect(placeholderDifferences(byLanguage.en, byLanguage[language])).toEqual([]);
    },
  );

  it('keeps the API catalogue to plain {name} placeholders, which it fills without an ICU formatter', () => {
    for (const language of languages) {
      for (const [key, message] of Object.entries(apiCatalogue(language))) {
        expect(message.trim(), `${language} ${key}`).not.toBe('');
        const plain = message.replace(/\{\w+\}/g, '');
        expect(plain, `${language} ${key}: only {name} placeholders, no ICU syntax or quotes`).not.toMatch(
          /[{}]|'[{}']/,
        );
      }
    }
  });

  it('would catch a missing key, an extra key and a changed placeholder', () => {
    const english = { a: 'Showing {slice} for {period}', b: 'Loading' };
    expect(keyDifferences(english, { a: '{slice}（{period}）' })).toEqual({ missing: ['b'], extra: [] });
    expect(keyDifferences(english, { ...english, c: 'x' })).toEqual({ missing: [], extra: ['c'] });
    expect(placeholderDifferences(english, { a: '{slice}（{periodo}）', b: '読み込み中' })).toEqual(['a']);
    expect(placeholdersOf('{count, plural, one {# value} other {# values in {chart}}}')).toEqual([
      'chart',
      'count',
    ]);
  });

  it('has no empty message and only messages that ICU can format', () => {
    for (const language of languages) {
      for (const [key, message] of Object.entries(catalogues[language])) {
        expect(message.trim(), `${language} ${key}`).not.toBe('');
        const values = Object.fromEntries(placeholdersOf(message).map((name) => [name, 1]));
        if (isMessageKey(key))
          expect(() => translate(language, key, values), `${language} ${key}`).not.toThrow();
      }
    }
  });

  it('formats ICU plurals and selects for the language', () => {
    expect(translate('en', 'suppression.chartNote', { count: 1, points: '2026' })).toBe(
      '1 value is suppressed and left as a gap: 2026.',
    );
    expect(translate('en', 'suppression.chartNote', { count: 2, points: '2025 and 2026' })).toMatch(
      /^2 values are/,
    );
    expect(translate('ja', 'suppression.chartNote', { count: 2, points: '2025年、2026年' })).toBe(
      '2 件の値を秘匿しているため、グラフでは空白としています：2025年、2026年。',
    );
  });
});

describe('problem titles', () => {
  it.each(allProblemKinds().map((kind) => [kind.slug, kind] as const))(
    'the %s problem has a title in every language, English equal to its own',
    (slug, kind) => {
      const key = `problem.${slug}.title`;
      expect(apiCatalogue('en')[key], `add "${key}" to shared/i18n/api.*.json`).toBe(kind.title);
      for (const language of languages) expect(apiCatalogue(language)[key]?.trim()).toBeTruthy();
      expect(problemTitle(kind, 'ja')).not.toBe(kind.title);
    },
  );
});

describe('API messages', () => {
  const sourceMessages = apiMessages(projectRoot);

  it('finds the messages the code raises (the scan itself works)', () => {
    const examples = sourceMessages.map((message) => message.example);
    expect(examples).toContain('The request body is not valid JSON');
    expect(examples).toContain('Project ⟨1⟩ has changed since version ⟨2⟩');
    expect(examples).toContain('Not a field this request accepts');
    // Both branches of a ternary `message:` (metrics import rows).
    expect(examples).toContain('Give projectId or externalRef, not both');
    expect(examples).toContain(
      'Name the project: its projectId, or one of its external references (externalRef {system, id})',
    );
    // Error classes found in the code, not listed: a FourEyesError and a RunInProgressError message.
    expect(examples).toContain(
      'Four-eyes rule: nobody verifies or rejects a metric report revision they submitted',
    );
    expect(examples).toContain('Run ⟨1⟩ is still running; one run at a time. Follow it, then ask again.');
    expect(sourceMessages.length).toBeGreaterThan(80);
  });

  it('derives the error classes from the code and reads every branch of a chosen message', () => {
    const errors = {
      fileName: 'errors.ts',
      source: `
        export abstract class BaseError extends Error {}
        export class OddError extends BaseError { constructor(id: string) { super(\`Odd thing \${id} happened\`); } }
        export class LaterError extends OddError {}
        export class Service extends Reader {}
      `,
    };
    const classes = errorClassesOf([errors]);
    expect([...classes].sort()).toEqual(['BaseError', 'LaterError', 'OddError']);
    const code = `
      throw new LaterError(flag ? 'First choice of words' : (\`Second choice \${n} words\`));
      throw new Service('Not an error at all');
      const issue = { message: hint ?? 'Fallback words here' };
      const other = { message: 'Joined up ' + count + ' words here' };
      const either = { message: (cond && 'Only when true') || 'Otherwise this one' };
    `;
    const examples = [
      ...messagesOf(errors.source, errors.fileName, classes),
      ...messagesOf(code, 'code.ts', classes),
    ]
      .map((message) => message.example)
      .sort();
    expect(examples).toEqual(
      [
        'Odd thing ⟨1⟩ happened',
        'First choice of words',
        'Second choice ⟨1⟩ words',
        'Fallback words here',
        'Joined up ⟨1⟩ words here',
        'Only when true',
        'Otherwise this one',
      ].sort(),
    );
  });

  it('has a catalogue entry for every message the code can put into a problem document', () => {
    const untranslated = sourceMessages.filter((message) => !messageEntryOf(message.example));
    expect(untranslated).toEqual([]);
  });

  it('translates a message with the values it carries, and the most specific entry wins', () => {
    expect(localizeMessage('ja', 'Project 01JQ8Z3K9V7M2T4X6B8N0C1D2E has changed since version 3')).toBe(
      'プロジェクト 01JQ8Z3K9V7M2T4X6B8N0C1D2E は、版 3 以降に変更されています。',
    );
    expect(localizeMessage('ja', 'Must be at most 2 tCO2/MWh (no grid emits more)')).toBe(
      '2 tCO2/MWh 以下の値を指定してください（これを超えて排出する系統はありません）。',
    );
    expect(localizeMessage('ja', 'Must be at most 3e+4')).toBe('3e+4 以下の値を指定してください。');
    expect(
      localizeMessage(
        'ja',
        'The file was replaced after it was accepted, by one that fails the check: The file has 3 bytes, but 4 were declared',
      ),
    ).toBe(
      'ファイルは受理された後に差し替えられ、差し替え後のファイルは検査に合格しませんでした（ファイルのサイズは 3 バイトですが、申告されたサイズは 4 バイトです。）。',
    );
    expect(localizeMessage('en', 'The request body is not valid JSON')).toBe(
      'The request body is not valid JSON',
    );
    expect(localizeMessage('ja', 'A message nobody wrote an entry for')).toBe(
      'A message nobody wrote an entry for',
    );
  });
});

describe('Accept-Language', () => {
  it.each([
    [undefined, 'en'],
    ['', 'en'],
    ['ja', 'ja'],
    ['ja-JP', 'ja'],
    ['JA-jp', 'ja'],
    ['en-US,en;q=0.9,ja;q=0.8', 'en'],
    ['ja-JP,ja;q=0.9,en-US;q=0.8,en;q=0.7', 'ja'],
    ['en;q=0.5, ja;q=0.6', 'ja'],
    ['fr-FR, de;q=0.9', 'en'],
    ['fr-FR, ja;q=0.1', 'ja'],
    ['*', 'en'],
    ['*;q=0.5, ja', 'ja'],
    ['ja;q=0', 'en'],
    ['ja;q=0, *;q=0.1', 'en'],
    ['en;q=0, ja;q=0.001', 'ja'],
    ['ja, en', 'ja'],
    ['en, ja', 'en'],
    ['ja;q=2, en;q=0.5', 'en'],
    ['ja;q=abc, en;q=0.5', 'en'],
    ['ja-JP;q=0, ja;q=1', 'ja'],
    ['j@, ja;q=0.3', 'ja'],
  ] as const)('%j prefers %s', (header, language) => {
    expect(preferredLanguage(header)).toBe(language);
  });
});

describe('indicator names and definitions', () => {
  it('the catalogue names and defines exactly the indicators the job computes', () => {
    expect(indicatorNames().sort()).toEqual([...computedIndicators].sort());
    for (const name of computedIndicators)
      for (const part of ['name', 'definition', 'unit'])
        expect(isMessageKey(`indicator.${name}.${part}`), `indicator.${name}.${part}`).toBe(true);
  });

  it.each(languages)('docs/%s indicator page is the one the catalogue generates', (language) => {
    const page = readFileSync(join(projectRoot, 'docs', indicatorPageName(language)), 'utf8');
    expect(page, 'run npx tsx shared/i18n/indicator-docs.ts').toBe(indicatorPage(language));
  });
});

describe('englishText (the catalogue without the ICU formatter)', () => {
  it('reads every indicator text exactly as translate formats it, so the release glossary needs no formatter', () => {
    const keys = Object.keys(catalogues.en).filter((key) => key.startsWith('indicator.'));
    expect(keys.length).toBeGreaterThan(60);
    for (const key of keys) expect(englishText(key), key).toBe(translate('en', key as MessageKey));
  });

  it('refuses a message with arguments or ICU quoting, and answers undefined for an unknown key', () => {
    const withArguments = Object.keys(catalogues.en).find((key) => catalogues.en[key]?.includes('{'));
    expect(withArguments).toBeDefined();
    expect(() => englishText(withArguments as string)).toThrow(/ICU message/);
    expect(englishText('no.such.key')).toBeUndefined();
  });
});
