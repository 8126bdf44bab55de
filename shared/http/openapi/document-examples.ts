/** Examples of the evidence document routes for the OpenAPI document (checked against their schemas). */
import type * as z from 'zod';
import type { documentRegistrationSchema, EvidenceDocument } from '../../domain/documents/schema.ts';

const projectId = '01JQ8Z3K9V7M2T4X6B8N0C1D2E';
const documentId = '01JSB4C6D8E0F2G4H6J8K0M2N4';
const submitter = '7c0f2e6a-3b1d-4e5f-8a9b-0c1d2e3f4a5b';

/** `POST /projects/{id}/documents`. */
export const documentRegistrationExample: z.input<typeof documentRegistrationSchema> = {
  fileName: 'monitoring-report-2026-09.pdf',
  contentType: 'application/pdf',
  sizeBytes: 482_113,
  sha256: '9f2c4e1a7b3d5f60812a4c6e8b0d2f4a6c8e0b2d4f6a8c0e2b4d6f8a0c2e4b6d',
  kind: 'monitoring_report',
  period: '2026-09',
};

const pending: EvidenceDocument = {
  id: documentId,
  projectId,
  orgId: 'acme-energy',
  kind: 'monitoring_report',
  fileName: 'monitoring-report-2026-09.pdf',
  contentType: 'application/pdf',
  sizeBytes: 482_113,
  sha256: '9f2c4e1a7b3d5f60812a4c6e8b0d2f4a6c8e0b2d4f6a8c0e2b4d6f8a0c2e4b6d',
  period: '2026-09',
  state: 'pending',
  uploadExpiresAt: '2026-10-05T09:15:00.000Z',
  createdAt: '2026-10-05T09:00:00.000Z',
  createdBy: submitter,
  version: 1,
};

const bucketUrl = 'https://jucip-prod-evidence-123456789012-ap-northeast-1.s3.ap-northeast-1.amazonaws.com/';

/** The answer to a registration: the document, its upload form and when the form expires. */
export const documentRegistrationResponseExample = {
  ...pending,
  upload: {
    url: bucketUrl,
    fields: {
      'Content-Type': 'application/pdf',
      'x-amz-checksum-algorithm': 'SHA256',
      'x-amz-checksum-sha256': 'nyxOGns9X2CBKkxuiw0vSmyOCy1PaowOK01vigwuS20=',
      bucket: 'jucip-prod-evidence-123456789012-ap-northeast-1',
      'X-Amz-Algorithm': 'AWS4-HMAC-SHA256',
      'X-Amz-Credential': 'ASIAEXAMPLE/20261005/ap-northeast-1/s3/aws4_request',
      'X-Amz-Date': '20261005T090000Z',
      'X-Amz-Security-Token': 'IQoJb3JpZ2luX2VjE...',
      key: `documents/${projectId}/${documentId}`,
      Policy: 'eyJleHBpcmF0aW9uIjoiMjAyNi0xMC0wNVQwOToxNTowMFoiLCJjb25kaXRpb25zIjpbXX0=',
      'X-Amz-Signature': '3f1c0e5b7a9d2c4e6f8a0b1c3d5e7f9a1b3c5d7e9f0a2b4c6d8e0f1a3b5c7d9e',
    },
  },
  expiresAt: '2026-10-05T09:15:00.000Z',
};

/** An available document, with its five-minute download link. */
export const documentAvailableExample = {
  ...pending,
  state: 'available',
  checkedAt: '2026-10-05T09:03:12.000Z',
  version: 2,
  download: {
    url: `${bucketUrl}documents/${projectId}/${documentId}?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Expires=300&X-Amz-Signature=...`,
    expiresAt: '2026-10-06T08:05:00.000Z',
  },
};

/** A rejected document: its bytes were not what was declared. */
export const documentRejectedExample = {
  ...pending,
  state: 'rejected',
  rejection: {
    reason: 'type_mismatch',
    message: 'The file should be a PDF document, but its bytes are a Windows executable (MZ)',
  },
  checkedAt: '2026-10-05T09:03:12.000Z',
  version: 2,
};
