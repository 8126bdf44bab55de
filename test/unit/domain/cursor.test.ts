import { describe, expect, it } from 'vitest';
import { decodeCursor, encodeCursor, listingFingerprint } from '../../../shared/domain/cursor.ts';
import { MalformedInputError } from '../../../shared/domain/errors.ts';

const projectsOfAViewer = listingFingerprint('projects', { scope: '{"kind":"accepted"}' });
const anyPosition = () => true;
const isUlid = (after: string) => /^[0-9A-HJKMNP-TV-Z]{26}$/.test(after);

/** The MalformedInputError `action` throws; fails the test when it throws nothing or something else. */
function malformedInputErrorFrom(action: () => unknown): MalformedInputError {
  try {
    action();
  } catch (error) {
    if (error instanceof MalformedInputError) return error;
    throw error;
  }
  throw new Error('Expected a MalformedInputError, but nothing was thrown');
}

/** A cursor-shaped string of any JSON, as a client could forge one. */
const forged = (body: unknown) => Buffer.from(JSON.stringify(body), 'utf8').toString('base64url');

describe('listingFingerprint', () => {
  it('ignores the order of the parameters', () => {
    expect(listingFingerprint('projects', { technology: 'hydrogen', hostCountry: 'JP' })).toBe(
      listingFingerprint('projects', { hostCountry: 'JP', technology: 'hydrogen' }),
    );
  });

  it('treats an undefined parameter as absent', () => {
    expect(listingFingerprint('projects', { technology: undefined, hostCountry: 'JP' })).toBe(
      listingFingerprint('projects', { hostCountry: 'JP' }),
    );
  });

  it.each([
    ['another kind', listingFingerprint('history', { id: 'A' }), listingFingerprint('projects', { id: 'A' })],
    [
      'another value',
      listingFingerprint('projects', { orgId: 'a' }),
      listingFingerprint('projects', { orgId: 'b' }),
    ],
    [
      'another parameter',
      listingFingerprint('projects', { orgId: 'a' }),
      listingFingerprint('projects', { hostCountry: 'a' }),
    ],
    [
      'one parameter more',
      listingFingerprint('projects', {}),
      listingFingerprint('projects', { orgId: 'a' }),
    ],
  ])('tells apart listings with %s', (_case, one, other) => {
    expect(one).not.toBe(other);
  });
});

describe('encodeCursor / decodeCursor', () => {
  it.each([
    ['a project id', '01JXKQ00000000000000000001'],
    ['a version', '42'],
    ['text with non-ASCII characters', '風力発電 / ветер'],
  ])('round-trips %s', (_case, position) => {
    const cursor = encodeCursor(projectsOfAViewer, position);

    expect(decodeCursor(projectsOfAViewer, cursor, anyPosition)).toBe(position);
  });

  it('gives an opaque, URL-safe cursor', () => {
    const cursor = encodeCursor(projectsOfAViewer, '01JXKQ00000000000000000001');

    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(cursor).not.toContain('01JXKQ');
  });

  it('checks the position with the listing’s rule', () => {
    const cursor = encodeCursor(projectsOfAViewer, '01JXKQ00000000000000000001');

    expect(decodeCursor(projectsOfAViewer, cursor, isUlid)).toBe('01JXKQ00000000000000000001');
  });

  describe('refuses with MalformedInputError naming the cursor', () => {
    const valid = encodeCursor(projectsOfAViewer, '01JXKQ00000000000000000001');

    it.each([
      [
        'a cursor of another listing',
        encodeCursor(listingFingerprint('projects', {}), '01JXKQ00000000000000000001'),
      ],
      [
        'a cursor of another scope',
        encodeCursor(
          listingFingerprint('projects', { scope: '{"kind":"all"}' }),
          '01JXKQ00000000000000000001',
        ),
      ],
      [
        'a cursor of a history',
        encodeCursor(listingFingerprint('history', { id: '01JXKQ00000000000000000001' }), '1'),
      ],
      ['an empty string', ''],
      ['plain text with spaces', 'next page'],
      ['standard base64 with + and /', 'ab+/cd=='],
      ['base64 padding', `${valid}==`],
      ['percent-encoding', '%7B%22v%22%3A1%7D'],
      ['base64url that is not JSON', Buffer.from('not json', 'utf8').toString('base64url')],
      ['JSON null', forged(null)],
      ['a JSON number', forged(7)],
      ['a JSON string', forged('01JXKQ00000000000000000001')],
      ['a JSON array', forged([1, projectsOfAViewer, '01JXKQ00000000000000000001'])],
      ['another cursor version', forged({ v: 2, l: projectsOfAViewer, a: '01JXKQ00000000000000000001' })],
      ['no version', forged({ l: projectsOfAViewer, a: '01JXKQ00000000000000000001' })],
      ['a position that is not a string', forged({ v: 1, l: projectsOfAViewer, a: 12 })],
      ['no position', forged({ v: 1, l: projectsOfAViewer })],
      ['a position the listing does not use', encodeCursor(projectsOfAViewer, 'PROJECT#1')],
      ['an empty position', encodeCursor(projectsOfAViewer, '')],
      ['a truncated cursor', valid.slice(0, -5)],
      ['2049 characters of base64url', 'A'.repeat(2049)],
      ['bytes that are not UTF-8 text', Buffer.from([0xff, 0xfe, 0x7b, 0x7d]).toString('base64url')],
    ])('for %s', (_case, cursor) => {
      const error = malformedInputErrorFrom(() => decodeCursor(projectsOfAViewer, cursor, isUlid));

      expect(error.errors[0]?.path).toBe('cursor');
      expect(error.message).not.toContain(projectsOfAViewer);
    });
  });

  it('refuses a cursor longer than 2048 characters, even one it could read', () => {
    const readable = encodeCursor(projectsOfAViewer, 'x'.repeat(1400));
    const tooLong = encodeCursor(projectsOfAViewer, 'x'.repeat(1500));

    expect(readable.length).toBeLessThanOrEqual(2048);
    expect(tooLong.length).toBeGreaterThan(2048);
    expect(decodeCursor(projectsOfAViewer, readable, anyPosition)).toBe('x'.repeat(1400));
    const error = malformedInputErrorFrom(() => decodeCursor(projectsOfAViewer, tooLong, anyPosition));
    expect(error.errors[0]?.path).toBe('cursor');
  });
});
