/**
 * Evidence documents (MRV): the request and record schemas, defined once for validation, types and
 * the OpenAPI document. How the upload and the arrival check work is written down in
 * `docs/evidence.md`.
 */
import * as z from 'zod/mini';
import { periodSchema } from '../metrics/schema.ts';
import { built } from '../pure.ts';

export { documentIdSchema, isDocumentId } from './ids.ts';

import '../zod-messages.ts';

/** The largest document accepted: 50 MB (decimal megabytes, as people count file sizes). */
export const maxDocumentBytes = 50_000_000;

/** The media types a document may have, each with the file type its bytes must show. */
export const documentContentTypes = {
  'application/pdf': 'pdf',
  'image/png': 'png',
  'image/jpeg': 'jpeg',
  'text/csv': 'csv',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'xlsx',
  'application/json': 'json',
  'application/zip': 'zip',
} as const;
export type DocumentContentType = keyof typeof documentContentTypes;
/** The file types the arrival check recognises by their bytes. */
export type DocumentFileType = (typeof documentContentTypes)[DocumentContentType];

const contentTypeList = /* @__PURE__ */ built(
  () => Object.keys(documentContentTypes) as [DocumentContentType, ...DocumentContentType[]],
);
export const documentContentTypeSchema = /* @__PURE__ */ built(() =>
  z.enum(contentTypeList, {
    error: `Must be one of ${contentTypeList.join(', ')}`,
  }),
);

export const documentKinds = [
  'monitoring_report',
  'meter_data',
  'verification_statement',
  'contract',
  'photo',
  'other',
] as const;
export const documentKindSchema = /* @__PURE__ */ built(() => z.enum(documentKinds));
export type DocumentKind = z.output<typeof documentKindSchema>;

/** `pending` until the file arrives and passes the check; then `available` or `rejected` for good. */
export const documentStates = ['pending', 'available', 'rejected'] as const;
export const documentStateSchema = /* @__PURE__ */ built(() => z.enum(documentStates));
export type DocumentState = z.output<typeof documentStateSchema>;

/** Why a document was rejected, as a code clients can act on; `message` says it in words. */
export const rejectionReasons = [
  'size_mismatch',
  'checksum_mismatch',
  'content_type_mismatch',
  'type_mismatch',
  'upload_expired',
  'object_replaced',
] as const;
export const rejectionReasonSchema = /* @__PURE__ */ built(() => z.enum(rejectionReasons));
export type RejectionReason = z.output<typeof rejectionReasonSchema>;

/** A SHA-256 digest as 64 hex digits (either case; stored lower-case). */
export const sha256HexSchema = /* @__PURE__ */ built(() =>
  z.pipe(
    z.string().check(z.regex(/^[0-9a-fA-F]{64}$/, 'Must be a SHA-256 digest: 64 hexadecimal digits')),
    z.transform((hex) => hex.toLowerCase()),
  ),
);

/**
 * A file name as metadata: no path separators or control characters (it ends up in a
 * `Content-Disposition` header), at most 255 characters.
 */
export const fileNameSchema = /* @__PURE__ */ built(() =>
  z.string().check(
    z.trim(),
    z.minLength(1),
    z.maxLength(255),
    // Control characters are named on purpose: they would break the Content-Disposition header.
    // biome-ignore lint/suspicious/noControlCharactersInRegex: the point of the pattern is to refuse them
    z.regex(/^[^/\\\u0000-\u001f\u007f]+$/, 'Must be a file name without slashes or control characters'),
  ),
);

/** `POST /projects/{id}/documents`. */
export const documentRegistrationSchema = /* @__PURE__ */ built(() =>
  z.strictObject({
    fileName: fileNameSchema,
    contentType: documentContentTypeSchema,
    sizeBytes: z
      .int('Must be a whole number of bytes')
      .check(
        z.gte(1, 'Must be at least 1 byte'),
        z.lte(maxDocumentBytes, 'Must be at most 50 MB (50000000 bytes)'),
      ),
    sha256: sha256HexSchema,
    kind: documentKindSchema,
    /** The reporting month the document supports, when it supports one. */
    period: z.optional(periodSchema),
  }),
);
export type DocumentRegistration = z.output<typeof documentRegistrationSchema>;

export const rejectionSchema = /* @__PURE__ */ built(() =>
  z.strictObject({
    reason: rejectionReasonSchema,
    message: z.string(),
  }),
);
export type Rejection = z.output<typeof rejectionSchema>;

/** A document as stored and returned (without its links, which each response signs anew). */
export const documentSchema = /* @__PURE__ */ built(() =>
  z.strictObject({
    id: z.string(),
    projectId: z.string(),
    /** The organisation owning the project. */
    orgId: z.string(),
    kind: documentKindSchema,
    fileName: z.string(),
    contentType: documentContentTypeSchema,
    sizeBytes: z.int(),
    /** The SHA-256 of the content, hex, as declared and (once available) checked. */
    sha256: z.string(),
    period: z.optional(periodSchema),
    state: documentStateSchema,
    rejection: z.optional(rejectionSchema),
    /** When the upload form stops working. */
    uploadExpiresAt: z.iso.datetime(),
    createdAt: z.iso.datetime(),
    createdBy: z.string(),
    /** When the arrival check decided. */
    checkedAt: z.optional(z.iso.datetime()),
    /** 1 when registered, + 1 on every state change. */
    version: z.int().check(z.gte(1)),
  }),
);
export type EvidenceDocument = z.output<typeof documentSchema>;

/** A presigned POST: the URL to send `multipart/form-data` to, and the fields to send before `file`. */
export interface UploadForm {
  readonly url: string;
  readonly fields: Readonly<Record<string, string>>;
}

/** A presigned GET of an available document. */
export interface DownloadLink {
  readonly url: string;
  readonly expiresAt: string;
}
