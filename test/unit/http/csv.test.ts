import { parse } from 'csv-parse/sync';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MalformedInputError } from '../../../shared/domain/errors.ts';
import { guardCsvText, parseCsv, toCsv, unguardCsvText } from '../../../shared/http/csv.ts';

/** The characters OWASP lists as starting a formula (or hiding where one starts). */
const formulaLeads = ['=', '+', '-', '@', '\t', '\r'];

/** Text that starts with a formula character, as an attacker would put in a name. */
const formulaText = fc
  .tuple(fc.constantFrom(...formulaLeads), fc.string())
  .map(([lead, rest]) => `${lead}${rest}`);

/** Any text, with formula characters and apostrophes up front more often than chance would put them. */
const anyText = fc.oneof(
  fc.string(),
  fc.string({ unit: 'binary' }),
  formulaText,
  fc.string().map((rest) => `'${rest}`),
  fc.tuple(fc.constantFrom(...formulaLeads, "'"), formulaText).map(([mark, rest]) => `'${mark}${rest}`),
);

/** The one data cell of a one-column CSV as a spreadsheet reads it: unquoted, guard kept. */
function writtenCell(value: unknown): string {
  const [, record] = parse(toCsv(['cell'], [[value]])) as string[][];
  return record?.[0] ?? '';
}

describe('toCsv (every CSV the API writes)', () => {
  it.each([
    ['=HYPERLINK("http://evil.test","click")'],
    ['+1+cmd|calc'],
    ['-2+3'],
    ['@SUM(A1:A2)'],
    ['\t=1+1'],
    ['\r=1+1'],
  ])('writes the text %j with a leading apostrophe, quoted', (text) => {
    const csv = toCsv(['name'], [[text]]);

    const dataLine = csv.slice(csv.indexOf('\r\n') + 2);
    expect(dataLine.startsWith(`"'`)).toBe(true);
  });

  it('writes negative and positive numbers as numbers, unquoted and unmarked', () => {
    const csv = toCsv(['value', 'lat'], [[-12.5, 43.2]]);

    expect(csv).toBe('value,lat\r\n-12.5,43.2\r\n');
  });

  it('leaves ordinary text, empty cells and apostrophes before ordinary text alone', () => {
    const csv = toCsv(['a', 'b', 'c'], [["O'Brien Solar", '', "'Ohana Wind"]]);

    expect(csv).toBe("a,b,c\r\nO'Brien Solar,,'Ohana Wind\r\n");
  });

  it('never lets a written text cell begin with a formula character (property)', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        const cell = writtenCell(text);
        expect(formulaLeads.some((lead) => cell.startsWith(lead))).toBe(false);
      }),
    );
  });

  it('reads back every text it wrote unchanged (property)', () => {
    // A row of empty cells is an empty line, which the reader skips: at least one cell has text.
    const rows = fc.array(anyText, { minLength: 1, maxLength: 5 }).filter((t) => t.some((c) => c !== ''));
    fc.assert(
      fc.property(rows, (texts) => {
        const columns = texts.map((_, i) => `c${i}`);

        const { records } = parseCsv(toCsv(columns, [texts]));

        expect(records).toEqual([Object.fromEntries(texts.map((text, i) => [`c${i}`, text]))]);
      }),
    );
  });

  it('writes every finite number as the number it is (property)', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (value) => {
        expect(Number(writtenCell(value))).toBe(value === 0 ? 0 : value);
      }),
    );
  });
});

describe('guardCsvText and unguardCsvText', () => {
  it('undo each other for every text (property)', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        expect(unguardCsvText(guardCsvText(text))).toBe(text);
      }),
    );
  });

  it('keep an apostrophe that guards nothing, as people write it by hand', () => {
    expect(unguardCsvText("'Ohana Wind")).toBe("'Ohana Wind");
    expect(guardCsvText("'Ohana Wind")).toBe("'Ohana Wind");
  });

  it('read a hand-written guard the way a spreadsheet does: as text without the apostrophe', () => {
    expect(unguardCsvText("'=1+1")).toBe('=1+1');
  });
});

describe('parseCsv', () => {
  it('refuses text that is not CSV with MalformedInputError naming the body', () => {
    const read = () => parseCsv('name\r\n"unbalanced\r\n');

    expect(read).toThrow(MalformedInputError);
  });
});
