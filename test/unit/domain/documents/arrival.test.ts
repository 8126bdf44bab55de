import { describe, expect, it } from 'vitest';
import { judgeArrival, lateArrivalGraceSeconds } from '../../../../shared/domain/documents/arrival.ts';
import type { ObjectInspection } from '../../../../shared/domain/documents/ports.ts';
import type { EvidenceDocument } from '../../../../shared/domain/documents/schema.ts';
import { sampleFiles, sha256Hex, windowsExecutable } from '../../../support/evidence-files.ts';

const pdf = sampleFiles['application/pdf'];

function aDocument(overrides: Partial<EvidenceDocument> = {}): EvidenceDocument {
  return {
    id: '01JSB4C6D8E0F2G4H6J8K0M2N4',
    projectId: '01JQ8Z3K9V7M2T4X6B8N0C1D2E',
    orgId: 'org-a',
    kind: 'monitoring_report',
    fileName: 'report.pdf',
    contentType: 'application/pdf',
    sizeBytes: pdf.length,
    sha256: sha256Hex(pdf),
    state: 'pending',
    uploadExpiresAt: '2026-10-05T09:15:00.000Z',
    createdAt: '2026-10-05T09:00:00.000Z',
    createdBy: 'user-a',
    version: 1,
    ...overrides,
  };
}

function inspectionOf(bytes: Buffer, overrides: Partial<ObjectInspection> = {}): ObjectInspection {
  return {
    head: bytes.subarray(0, 4096),
    tail: bytes,
    sizeBytes: bytes.length,
    sha256Hex: sha256Hex(bytes),
    contentType: 'application/pdf',
    truncated: false,
    ...overrides,
  };
}

const inTime = '2026-10-05T09:05:00.000Z';

describe('judgeArrival', () => {
  it('accepts the declared file, arrived in time', () => {
    expect(judgeArrival(aDocument(), inspectionOf(pdf), inTime)).toBeUndefined();
  });

  it('allows a few minutes past the form’s expiry for an upload that began in time, not more', () => {
    const expiry = Date.parse(aDocument().uploadExpiresAt);
    const justInGrace = new Date(expiry + lateArrivalGraceSeconds * 1000).toISOString();
    const tooLate = new Date(expiry + lateArrivalGraceSeconds * 1000 + 1000).toISOString();

    expect(judgeArrival(aDocument(), inspectionOf(pdf), justInGrace)).toBeUndefined();
    expect(judgeArrival(aDocument(), inspectionOf(pdf), tooLate)?.reason).toBe('upload_expired');
  });

  it('refuses another size, naming both', () => {
    const longer = Buffer.concat([pdf, Buffer.from(' ')]);

    expect(judgeArrival(aDocument(), inspectionOf(longer), inTime)).toEqual({
      reason: 'size_mismatch',
      message: `The file has ${longer.length} bytes, but ${pdf.length} were declared`,
    });
  });

  it('refuses an object that was cut off for being too large', () => {
    const rejection = judgeArrival(aDocument(), inspectionOf(pdf, { truncated: true }), inTime);

    expect(rejection?.reason).toBe('size_mismatch');
    expect(rejection?.message).toContain('more than');
  });

  it('refuses another SHA-256', () => {
    const other = Buffer.from(pdf);
    other[10] = 0x41;

    expect(judgeArrival(aDocument(), inspectionOf(other), inTime)?.reason).toBe('checksum_mismatch');
  });

  it('refuses an object stored with another media type, but ignores parameters and case', () => {
    expect(
      judgeArrival(aDocument(), inspectionOf(pdf, { contentType: 'application/octet-stream' }), inTime)
        ?.reason,
    ).toBe('content_type_mismatch');
    expect(
      judgeArrival(aDocument(), inspectionOf(pdf, { contentType: 'Application/PDF; x=1' }), inTime),
    ).toBeUndefined();
  });

  it('refuses an executable declared as a PDF', () => {
    const document = aDocument({ sizeBytes: windowsExecutable.length, sha256: sha256Hex(windowsExecutable) });

    expect(judgeArrival(document, inspectionOf(windowsExecutable), inTime)).toEqual({
      reason: 'type_mismatch',
      message: 'The file should be a PDF document, but its bytes are a Windows executable (MZ)',
    });
  });

  it('refuses a PNG declared as a JPEG, and accepts a workbook declared as a ZIP', () => {
    const png = sampleFiles['image/png'];
    const asJpeg = aDocument({ contentType: 'image/jpeg', sizeBytes: png.length, sha256: sha256Hex(png) });
    const workbook = sampleFiles['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'];
    const asZip = aDocument({
      contentType: 'application/zip',
      sizeBytes: workbook.length,
      sha256: sha256Hex(workbook),
    });

    expect(judgeArrival(asJpeg, inspectionOf(png, { contentType: 'image/jpeg' }), inTime)?.message).toBe(
      'The file should be a JPEG image, but its bytes are a PNG image',
    );
    expect(
      judgeArrival(asZip, inspectionOf(workbook, { contentType: 'application/zip' }), inTime),
    ).toBeUndefined();
  });
});
