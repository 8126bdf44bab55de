import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../../support/local-process.ts';
import { visibleHtmlTexts, visibleLiterals } from './visible-texts.ts';

const webDir = join(projectRoot, 'functions', 'web');
const sourcesOf = (folder: string, extension: string) =>
  readdirSync(join(webDir, folder))
    .filter((name) => name.endsWith(extension))
    .map((name) => ({ name: `${folder}/${name}`, text: readFileSync(join(webDir, folder, name), 'utf8') }));

describe('texts of the dashboard and the API reference page', () => {
  it.each(sourcesOf('dashboard', '.ts').concat(sourcesOf('docs', '.ts')))(
    '$name writes no text for the reader outside the catalogue',
    ({ name, text }) => {
      expect(visibleLiterals(text, name)).toEqual([]);
    },
  );

  it.each(sourcesOf('dashboard', '.html').concat(sourcesOf('docs', '.html')))(
    '$name takes every text and label from the catalogue',
    ({ text }) => {
      expect(visibleHtmlTexts(text)).toEqual([]);
    },
  );

  it('catches English or Japanese written into code that reaches the page, and lets keys, codes and errors be', () => {
    const source = [
      "status.textContent = 'Loading the latest indicators…';",
      "th.textContent = 'Period';",
      // biome-ignore lint/suspicious/noTemplateCurlyInString: the fixture is source code holding a template literal
      'note.textContent = `Showing ${slice} for ${period}.`;',
      "badge.textContent = '秘匿';",
      "title.textContent = t('dashboard.card.investment');",
      "const kind = 'horizontal-bar'; const unit = 'USD'; const selector = '[data-i18n]';",
      "if (!found) throw new Error('The page has no such element');",
      "import { x } from './model.ts';",
    ].join('\n');
    expect(visibleLiterals(source).map((found) => found.line)).toEqual([1, 2, 3, 4]);
  });

  it('catches a text or label in the HTML template that is not a catalogue placeholder', () => {
    const html = [
      '<h2 data-i18n="dashboard.charts">{{t:dashboard.charts}}</h2>',
      '<p>No data for this selection.</p>',
      '<nav aria-label="Site"></nav>',
      '<nav aria-label="{{t:dashboard.nav.label}}"></nav>',
      '<span aria-hidden="true">·</span>',
    ].join('\n');
    expect(visibleHtmlTexts(html).map((found) => found.line)).toEqual([2, 3]);
  });
});
