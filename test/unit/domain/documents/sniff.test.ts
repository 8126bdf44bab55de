import { describe, expect, it } from 'vitest';
import {
  looksLikeUtf8Text,
  sniffFileType,
  zipEntryNames,
} from '../../../../shared/domain/documents/sniff.ts';
import { sampleFiles, windowsExecutable, zipOf } from '../../../support/evidence-files.ts';

const sampleOf = (bytes: Uint8Array) => ({
  head: bytes.subarray(0, 4096),
  tail: bytes,
  sizeBytes: bytes.length,
});

describe('sniffFileType', () => {
  it.each([
    ['application/pdf', 'pdf'],
    ['image/png', 'png'],
    ['image/jpeg', 'jpeg'],
    ['text/csv', 'csv'],
    ['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'xlsx'],
    ['application/json', 'json'],
    ['application/zip', 'zip'],
  ] as const)('recognises a %s file as %s', (contentType, type) => {
    expect(sniffFileType(sampleOf(sampleFiles[contentType]))).toEqual({ kind: 'type', type });
  });

  it.each([
    [windowsExecutable, 'a Windows executable (MZ)'],
    [Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]), 'a Linux executable (ELF)'],
    [Buffer.from('#!/bin/sh\nrm -rf /\n'), 'a script (#!)'],
    [Buffer.from('GIF89a....'), 'a GIF image'],
    [Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1]), 'a legacy Office document (OLE2)'],
    [Buffer.from([0x00, 0x01, 0x02, 0xfe, 0xff]), 'binary data of no accepted type'],
  ])('names what an impostor really is (%#)', (bytes, description) => {
    expect(sniffFileType(sampleOf(bytes))).toEqual({ kind: 'other', description });
  });

  it('finds a PDF header a little way into the file, as readers accept it', () => {
    expect(sniffFileType(sampleOf(Buffer.from(`${' '.repeat(100)}%PDF-1.4`)))).toEqual({
      kind: 'type',
      type: 'pdf',
    });
  });

  it('tells a workbook from a ZIP that only has an xl/ folder name somewhere', () => {
    const notAWorkbook = zipOf({ 'xl/readme.txt': 'hello', '[Content_Types].xml': '<Types/>' });

    expect(sniffFileType(sampleOf(notAWorkbook))).toEqual({ kind: 'type', type: 'zip' });
  });

  it('reads the workbook entries from the tail of a large archive', () => {
    const workbook = sampleFiles['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'];
    // The tail is the end of the file; the head is unrelated bytes of a much larger object.
    const sample = { head: workbook.subarray(0, 4), tail: workbook, sizeBytes: workbook.length + 10_000_000 };

    expect(zipEntryNames({ ...sample, sizeBytes: workbook.length })).toContain('xl/workbook.xml');
    expect(sniffFileType(sample)).toEqual({ kind: 'type', type: 'zip' });
  });

  it('takes text starting with a BOM and white space before { as JSON', () => {
    expect(sniffFileType(sampleOf(Buffer.from('\ufeff \n [1, 2]')))).toEqual({ kind: 'type', type: 'json' });
  });
});

describe('looksLikeUtf8Text', () => {
  it('accepts multi-byte UTF-8 and refuses NUL, broken sequences and overlong lead bytes', () => {
    expect(looksLikeUtf8Text(Buffer.from('東京,大阪\r\n'), false)).toBe(true);
    expect(looksLikeUtf8Text(Buffer.from([0x61, 0x00, 0x62]), false)).toBe(false);
    expect(looksLikeUtf8Text(Buffer.from([0xe6, 0x41]), false)).toBe(false);
    expect(looksLikeUtf8Text(Buffer.from([0xc0, 0x80]), false)).toBe(false);
  });

  it('accepts a sequence cut off by the end of a sample, but not at the end of the file', () => {
    const cut = Buffer.from('日').subarray(0, 2);

    expect(looksLikeUtf8Text(cut, true)).toBe(true);
    expect(looksLikeUtf8Text(cut, false)).toBe(false);
  });
});
