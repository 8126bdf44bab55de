/**
 * The arrival check's judgement, pure: given a registered document, what was measured of the object
 * that arrived for it, and when it arrived, is the object the one that was declared? The use case
 * in `service.ts` reads the object and stores the outcome; `docs/evidence.md` lists the refusals.
 */
import type { ObjectInspection } from './ports.ts';
import {
  type DocumentContentType,
  documentContentTypes,
  type EvidenceDocument,
  type Rejection,
} from './schema.ts';
import { fileTypeNames, sniffFileType } from './sniff.ts';

/**
 * How long after its upload form expired an object may still arrive: S3 checks the policy's
 * expiry when the upload starts, so a large upload begun just in time finishes a little later.
 */
export const lateArrivalGraceSeconds = 300;

/** Which sniffed types satisfy a declared content type: an XLSX workbook is a ZIP archive too. */
function typeMatches(declared: DocumentContentType, sniffed: string): boolean {
  const expected = documentContentTypes[declared];
  return sniffed === expected || (expected === 'zip' && sniffed === 'xlsx');
}

/**
 * Why an arrived object is not the declared document, or undefined when it is: it arrived after the
 * upload window, its size or SHA-256 differs from the declaration, it was stored with another
 * media type, or its bytes are not of the declared type (an executable sent as a PDF).
 */
export function judgeArrival(
  document: EvidenceDocument,
  object: ObjectInspection,
  arrivedAt: string,
): Rejection | undefined {
  const lateBy = (Date.parse(arrivedAt) - Date.parse(document.uploadExpiresAt)) / 1000;
  if (lateBy > lateArrivalGraceSeconds) {
    return {
      reason: 'upload_expired',
      message: `The file arrived at ${arrivedAt}, after its upload form expired at ${document.uploadExpiresAt}`,
    };
  }
  if (object.truncated || object.sizeBytes !== document.sizeBytes) {
    const actual = object.truncated ? `more than ${object.sizeBytes}` : String(object.sizeBytes);
    return {
      reason: 'size_mismatch',
      message: `The file has ${actual} bytes, but ${document.sizeBytes} were declared`,
    };
  }
  if (object.sha256Hex !== document.sha256) {
    return {
      reason: 'checksum_mismatch',
      message: `The file's SHA-256 is ${object.sha256Hex}, but ${document.sha256} was declared`,
    };
  }
  const storedType = object.contentType?.split(';')[0]?.trim().toLowerCase();
  if (storedType !== undefined && storedType !== '' && storedType !== document.contentType) {
    return {
      reason: 'content_type_mismatch',
      message: `The file was uploaded as ${storedType}, but ${document.contentType} was declared`,
    };
  }
  const sniffed = sniffFileType(object);
  const declaredName = fileTypeNames[documentContentTypes[document.contentType]];
  if (sniffed.kind === 'other') {
    return {
      reason: 'type_mismatch',
      message: `The file should be ${declaredName}, but its bytes are ${sniffed.description}`,
    };
  }
  if (!typeMatches(document.contentType, sniffed.type)) {
    return {
      reason: 'type_mismatch',
      message: `The file should be ${declaredName}, but its bytes are ${fileTypeNames[sniffed.type]}`,
    };
  }
  return undefined;
}
