/**
 * What a file is, from its bytes: the arrival check compares this with the type a document was
 * declared as, so that an executable named `report.pdf` and sent as `application/pdf` is refused.
 *
 * Why hand-written rather than a library: `file-type`, the well-kept choice, is ESM-only, pulls in
 * a tokenizer stack and recognises ~150 formats, most of which we would have to refuse anyway; it
 * also cannot tell CSV or JSON (text formats have no magic number) and reports XLSX only by reading
 * the archive itself. The seven types we accept need a dozen lines of signatures, which are fixed by
 * their specifications and easy to test exhaustively. The module is pure: it sees the first and last
 * bytes of the object (the arrival check streams the rest through the checksum) and no I/O.
 */
import type { DocumentFileType } from './schema.ts';

/** How many leading bytes the check needs (a PDF header may start anywhere in the first 1,024). */
export const headBytesNeeded = 4096;
/**
 * How many trailing bytes the check keeps: enough for a ZIP's end-of-central-directory record and
 * the central directory of any ordinary spreadsheet (whose entry names tell XLSX from other ZIPs).
 */
export const tailBytesNeeded = 256 * 1024;

/** The first and last bytes of an object (the same bytes twice when it is short). */
export interface ObjectSample {
  readonly head: Uint8Array;
  readonly tail: Uint8Array;
  readonly sizeBytes: number;
}

/** What the bytes look like: an accepted type, something recognisably else, or nothing known. */
export type SniffResult =
  | { readonly kind: 'type'; readonly type: DocumentFileType }
  | { readonly kind: 'other'; readonly description: string };

function startsWith(bytes: Uint8Array, signature: readonly number[], offset = 0): boolean {
  return signature.every((byte, i) => bytes[offset + i] === byte);
}

function indexOfAscii(bytes: Uint8Array, text: string, limit: number): number {
  const needle = [...text].map((c) => c.charCodeAt(0));
  const end = Math.min(bytes.length, limit) - needle.length;
  for (let i = 0; i <= end; i++) if (startsWith(bytes, needle, i)) return i;
  return -1;
}

/** Formats we refuse but name, so that a rejection says what the file really is. */
const knownOthers: ReadonlyArray<readonly [readonly number[], string]> = [
  [[0x4d, 0x5a], 'a Windows executable (MZ)'],
  [[0x7f, 0x45, 0x4c, 0x46], 'a Linux executable (ELF)'],
  [[0xcf, 0xfa, 0xed, 0xfe], 'a macOS executable (Mach-O)'],
  [[0xfe, 0xed, 0xfa, 0xcf], 'a macOS executable (Mach-O)'],
  [[0xca, 0xfe, 0xba, 0xbe], 'a Java class or universal macOS binary'],
  [[0x23, 0x21], 'a script (#!)'],
  [[0x47, 0x49, 0x46, 0x38], 'a GIF image'],
  [[0x1f, 0x8b], 'a gzip archive'],
  [[0x52, 0x61, 0x72, 0x21], 'a RAR archive'],
  [[0x37, 0x7a, 0xbc, 0xaf], 'a 7-Zip archive'],
  [[0xd0, 0xcf, 0x11, 0xe0], 'a legacy Office document (OLE2)'],
  [[0x00, 0x61, 0x73, 0x6d], 'a WebAssembly module'],
];

const utf8Bom = [0xef, 0xbb, 0xbf];

/**
 * Whether a sample of bytes reads as UTF-8 text without NUL or other C0 controls than tab, CR, LF
 * (and form feed). A multi-byte sequence cut off at the end of the sample is fine: the sample is a
 * prefix of a longer file.
 */
export function looksLikeUtf8Text(bytes: Uint8Array, truncated: boolean): boolean {
  let i = startsWith(bytes, utf8Bom) ? 3 : 0;
  while (i < bytes.length) {
    const byte = bytes[i] as number;
    if (byte < 0x80) {
      if (byte < 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0d && byte !== 0x0c) return false;
      if (byte === 0x7f) return false;
      i += 1;
      continue;
    }
    const length = byte >= 0xf0 && byte <= 0xf4 ? 4 : byte >= 0xe0 ? 3 : byte >= 0xc2 && byte <= 0xdf ? 2 : 0;
    if (length === 0 || byte > 0xf4) return false;
    for (let k = 1; k < length; k++) {
      if (i + k >= bytes.length) return truncated;
      const next = bytes[i + k] as number;
      if ((next & 0xc0) !== 0x80) return false;
    }
    i += length;
  }
  return true;
}

function firstNonWhitespace(bytes: Uint8Array): number | undefined {
  let i = startsWith(bytes, utf8Bom) ? 3 : 0;
  while (i < bytes.length && [0x20, 0x09, 0x0a, 0x0d].includes(bytes[i] as number)) i++;
  return bytes[i];
}

const readUint16 = (bytes: Uint8Array, at: number) => (bytes[at] ?? 0) | ((bytes[at + 1] ?? 0) << 8);
const readUint32 = (bytes: Uint8Array, at: number) =>
  readUint16(bytes, at) + readUint16(bytes, at + 2) * 0x10000;

/**
 * The entry names of a ZIP archive's central directory, when the sample's tail holds the
 * end-of-central-directory record and the whole directory; undefined otherwise.
 */
export function zipEntryNames(sample: ObjectSample): string[] | undefined {
  const { tail, sizeBytes } = sample;
  const tailStart = sizeBytes - tail.length;
  // The end record is 22 bytes plus a comment of up to 65,535; search backwards for its signature.
  for (let at = tail.length - 22; at >= Math.max(0, tail.length - 22 - 65_535); at--) {
    if (!startsWith(tail, [0x50, 0x4b, 0x05, 0x06], at)) continue;
    const entries = readUint16(tail, at + 10);
    const directoryOffset = readUint32(tail, at + 16) - tailStart;
    if (directoryOffset < 0) return undefined;
    const names: string[] = [];
    let p = directoryOffset;
    for (let n = 0; n < entries; n++) {
      if (!startsWith(tail, [0x50, 0x4b, 0x01, 0x02], p)) return undefined;
      const nameLength = readUint16(tail, p + 28);
      const extraLength = readUint16(tail, p + 30);
      const commentLength = readUint16(tail, p + 32);
      names.push(new TextDecoder().decode(tail.subarray(p + 46, p + 46 + nameLength)));
      p += 46 + nameLength + extraLength + commentLength;
    }
    return names;
  }
  return undefined;
}

function isZip(head: Uint8Array): boolean {
  // A local file header, or the end record of an empty archive.
  return startsWith(head, [0x50, 0x4b, 0x03, 0x04]) || startsWith(head, [0x50, 0x4b, 0x05, 0x06]);
}

/** An Office Open XML spreadsheet: a ZIP with `[Content_Types].xml` and the workbook under `xl/`. */
function isXlsx(sample: ObjectSample): boolean {
  const names = zipEntryNames(sample);
  return (names ?? []).includes('[Content_Types].xml') && (names ?? []).includes('xl/workbook.xml');
}

/**
 * What a file is, from its first and last bytes. Binary formats are recognised by their
 * signatures; a ZIP is `xlsx` when its directory holds a workbook, else `zip`. Text is `json` when it
 * begins (after any BOM and white space) with `{` or `[`, and `csv` when it is otherwise UTF-8 text:
 * CSV has no signature, so "text that is not something else" is the most a sniffer can say.
 */
export function sniffFileType(sample: ObjectSample): SniffResult {
  const { head } = sample;
  if (indexOfAscii(head, '%PDF-', 1024) >= 0) return { kind: 'type', type: 'pdf' };
  if (startsWith(head, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))
    return { kind: 'type', type: 'png' };
  if (startsWith(head, [0xff, 0xd8, 0xff])) return { kind: 'type', type: 'jpeg' };
  if (isZip(head)) return { kind: 'type', type: isXlsx(sample) ? 'xlsx' : 'zip' };
  for (const [signature, description] of knownOthers) {
    if (startsWith(head, signature)) return { kind: 'other', description };
  }
  if (looksLikeUtf8Text(head, sample.sizeBytes > head.length)) {
    const first = firstNonWhitespace(head);
    if (first === 0x7b || first === 0x5b) return { kind: 'type', type: 'json' };
    return { kind: 'type', type: 'csv' };
  }
  return { kind: 'other', description: 'binary data of no accepted type' };
}

/** What a declared type is called in a rejection message. */
export const fileTypeNames: Readonly<Record<DocumentFileType, string>> = {
  pdf: 'a PDF document',
  png: 'a PNG image',
  jpeg: 'a JPEG image',
  csv: 'CSV text',
  xlsx: 'an Excel (XLSX) workbook',
  json: 'JSON text',
  zip: 'a ZIP archive',
};
