import { describe, expect, it } from 'vitest';
import { composeMime, encodeHeaderValue, mailbox, rfc5322Date } from '../../../shared/adapters/mail/mime.ts';
import { decodeEncodedWords, parseEml } from '../../support/eml.ts';

function aMessage(overrides: Partial<Parameters<typeof composeMime>[0]> = {}) {
  return {
    from: 'JUCIP tracker <notifications@jucip.local>',
    to: mailbox('tanaka.taro@kansai-solar.example.jp', '関西ソーラー株式会社 技術部 田中 太郎'),
    subject: 'プロジェクトの修正が求められています：01KBN3Q6Z1W8V2M4T6X8B0C2D4',
    text: '田中 太郎 様\n\n審査者がプロジェクトについて判断しました。',
    html: '<p>田中 太郎 様</p>',
    date: new Date('2026-12-03T09:05:41.200Z'),
    messageId: '01KBN3Q6Z1W8V2M4T6X8B0C2D4.abc@jucip.local',
    ...overrides,
  };
}

describe('MIME messages (.eml)', () => {
  it('encodes a Japanese subject as UTF-8 encoded words of at most 75 characters that decode back', () => {
    const subject = 'プロジェクトの修正が求められています：01KBN3Q6Z1W8V2M4T6X8B0C2D4、ホスト国 日本';

    const encoded = encodeHeaderValue(subject);

    const words = encoded.split('\r\n ');
    expect(words.length).toBeGreaterThan(1);
    for (const word of words) {
      expect(word).toMatch(/^=\?UTF-8\?B\?[A-Za-z0-9+/=]+\?=$/);
      expect(word.length).toBeLessThanOrEqual(75);
    }
    expect(decodeEncodedWords(encoded)).toBe(subject);
  });

  it('leaves a plain ASCII header as it is, and quotes an ASCII display name', () => {
    expect(encodeHeaderValue('Report verified: 2026-10')).toBe('Report verified: 2026-10');
    expect(mailbox('ops@example.org', 'Ops "desk"')).toBe('"Ops \\"desk\\"" <ops@example.org>');
    expect(mailbox('ops@example.org')).toBe('<ops@example.org>');
  });

  it('writes RFC 5322 dates with a numeric zone', () => {
    expect(rfc5322Date(new Date('2026-12-03T09:05:41.200Z'))).toBe('Thu, 03 Dec 2026 09:05:41 +0000');
  });

  it('composes a multipart/alternative message with CRLF lines, base64 UTF-8 parts and no line over 78 characters', () => {
    const message = aMessage();

    const eml = composeMime(message);
    const parsed = parseEml(eml);

    expect(parsed.headers.get('subject')).toBe(message.subject);
    expect(parsed.headers.get('to')).toBe(
      '関西ソーラー株式会社 技術部 田中 太郎 <tanaka.taro@kansai-solar.example.jp>',
    );
    expect(parsed.headers.get('mime-version')).toBe('1.0');
    expect(parsed.headers.get('message-id')).toBe(`<${message.messageId}>`);
    expect(parsed.headers.get('date')).toBe('Thu, 03 Dec 2026 09:05:41 +0000');
    expect(parsed.headers.get('content-type')).toMatch(/^multipart\/alternative; boundary="/);
    expect(parsed.parts.map((part) => part.headers.get('content-type'))).toEqual([
      'text/plain; charset=UTF-8',
      'text/html; charset=UTF-8',
    ]);
    expect(parsed.parts.map((part) => part.body)).toEqual([message.text, message.html]);
    for (const line of parsed.lines) expect(line.length).toBeLessThanOrEqual(78);
    // Every byte of the message is ASCII: the UTF-8 travels encoded.
    expect([...eml].every((character) => character.charCodeAt(0) < 128)).toBe(true);
  });
});
