/**
 * Reads an `.eml` file the way a strict mail reader would, for tests: CRLF line ends only, header
 * lines unfolded, RFC 2047 encoded words decoded, a multipart/alternative body split at its
 * boundary and each base64 part decoded. Anything malformed throws.
 */

export interface ParsedPart {
  readonly headers: Map<string, string>;
  readonly body: string;
}

export interface ParsedEml {
  /** Header values as written (unfolded), by lower-case name. */
  readonly rawHeaders: Map<string, string>;
  /** Header values with encoded words decoded. */
  readonly headers: Map<string, string>;
  readonly parts: readonly ParsedPart[];
  /** Every physical line of the message. */
  readonly lines: readonly string[];
}

/** Decodes RFC 2047 `=?UTF-8?B?...?=` words; whitespace between two adjacent words is dropped. */
export function decodeEncodedWords(value: string): string {
  return value
    .replace(/\?=\s+=\?/g, '?==?')
    .replace(/=\?UTF-8\?B\?([A-Za-z0-9+/=]*)\?=/gi, (_, b64: string) =>
      Buffer.from(b64, 'base64').toString('utf8'),
    );
}

function parseHeaders(block: string): Map<string, string> {
  const headers = new Map<string, string>();
  const unfolded = block.replace(/\r\n[ \t]/g, ' ');
  for (const line of unfolded.split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon <= 0) throw new Error(`Not a header line: ${JSON.stringify(line)}`);
    headers.set(line.slice(0, colon).toLowerCase(), line.slice(colon + 1).trim());
  }
  return headers;
}

/** Parses a message; throws when it is not a well-formed multipart/alternative MIME message. */
export function parseEml(eml: string): ParsedEml {
  if (/(^|[^\r])\n/.test(eml)) throw new Error('A line ends without CR');
  const split = eml.indexOf('\r\n\r\n');
  if (split < 0) throw new Error('No blank line after the headers');
  const rawHeaders = parseHeaders(eml.slice(0, split));
  const headers = new Map([...rawHeaders].map(([name, value]) => [name, decodeEncodedWords(value)]));
  const boundary = /boundary="([^"]+)"/.exec(rawHeaders.get('content-type') ?? '')?.[1];
  if (!boundary) throw new Error('No multipart boundary');
  const body = eml.slice(split + 4);
  const closing = body.indexOf(`\r\n--${boundary}--`);
  if (closing < 0) throw new Error('No closing boundary');
  const sections = body.slice(0, closing).split(`--${boundary}\r\n`).slice(1);
  const parts = sections.map((section) => {
    const end = section.indexOf('\r\n\r\n');
    const partHeaders = parseHeaders(section.slice(0, end));
    const encoded = section.slice(end + 4).replace(/\r\n$/, '');
    if (partHeaders.get('content-transfer-encoding') !== 'base64') throw new Error('Part is not base64');
    if (!/^[A-Za-z0-9+/=\r\n]*$/.test(encoded)) throw new Error('Part body is not base64');
    return {
      headers: partHeaders,
      body: Buffer.from(encoded.replace(/\r\n/g, ''), 'base64').toString('utf8'),
    };
  });
  return { rawHeaders, headers, parts, lines: eml.split('\r\n') };
}
