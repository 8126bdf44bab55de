/**
 * A MIME message (RFC 5322 with RFC 2045–2047): the local mailer's `.eml` files. Written by hand
 * because the repository carries no MIME library and SES builds the message itself in AWS; what
 * is needed is small: UTF-8 headers as RFC 2047 encoded words, and a multipart/alternative body
 * with a plain-text and an HTML part, each base64-encoded in 76-character lines.
 */
import { randomBytes } from 'node:crypto';

const crlf = '\r\n';

/** Printable ASCII without the characters an unencoded header word must not carry. */
const plainHeaderText = /^[\x20-\x7e]*$/;

/**
 * A header value as RFC 2047 encoded words (`=?UTF-8?B?...?=`) when it is not plain ASCII, split
 * on character boundaries so that no word exceeds 75 characters, folded onto continuation lines.
 */
export function encodeHeaderValue(value: string): string {
  if (plainHeaderText.test(value) && !value.includes('=?')) return value;
  const words: string[] = [];
  let chunk = '';
  // 39 bytes of UTF-8 are 52 base64 characters: with `=?UTF-8?B?` and `?=`, 64 in all, which
  // leaves room for a header's name on the first line within the 78 characters RFC 5322 asks.
  for (const character of value) {
    if (Buffer.byteLength(chunk + character, 'utf8') > 39) {
      words.push(chunk);
      chunk = '';
    }
    chunk += character;
  }
  if (chunk !== '') words.push(chunk);
  return words.map((word) => `=?UTF-8?B?${Buffer.from(word, 'utf8').toString('base64')}?=`).join(`${crlf} `);
}

/** A mailbox, `Name <address>`, with the name encoded when it needs to be. */
export function mailbox(address: string, name?: string): string {
  if (name === undefined || name === '') return `<${address}>`;
  if (plainHeaderText.test(name)) return `"${name.replace(/["\\]/g, '\\$&')}" <${address}>`;
  // Folded before the address, so that the last encoded word and the address keep within a line.
  return `${encodeHeaderValue(name)}${crlf} <${address}>`;
}

/** RFC 5322 date-time in UTC: `Thu, 03 Dec 2026 10:26:41 +0000`. */
export function rfc5322Date(date: Date): string {
  return date.toUTCString().replace(/GMT$/, '+0000');
}

function base64Lines(text: string): string {
  return (
    Buffer.from(text, 'utf8')
      .toString('base64')
      .match(/.{1,76}/g) ?? []
  ).join(crlf);
}

export interface MimeMessage {
  readonly from: string;
  readonly to: string;
  readonly subject: string;
  readonly text: string;
  readonly html: string;
  readonly date: Date;
  /** Without angle brackets, e.g. `01J...@jucip.local`. */
  readonly messageId: string;
  /** Extra headers, name → ASCII value. */
  readonly headers?: Readonly<Record<string, string>>;
}

/** The whole message, CRLF line ends, ready to be written as an `.eml` file. */
export function composeMime(
  message: MimeMessage,
  boundary = `=_jucip_${randomBytes(12).toString('hex')}`,
): string {
  const headers = [
    `From: ${message.from}`,
    `To: ${message.to}`,
    `Subject: ${encodeHeaderValue(message.subject)}`,
    `Date: ${rfc5322Date(message.date)}`,
    `Message-ID: <${message.messageId}>`,
    ...Object.entries(message.headers ?? {}).map(([name, value]) => `${name}: ${value}`),
    'MIME-Version: 1.0',
    `Content-Type: multipart/alternative;${crlf} boundary="${boundary}"`,
  ];
  const part = (type: string, body: string) =>
    [
      `--${boundary}`,
      `Content-Type: ${type}; charset=UTF-8`,
      'Content-Transfer-Encoding: base64',
      '',
      base64Lines(body),
    ].join(crlf);
  return [
    ...headers,
    '',
    'This is a multipart message in MIME format.',
    part('text/plain', message.text),
    part('text/html', message.html),
    `--${boundary}--`,
    '',
  ].join(crlf);
}
