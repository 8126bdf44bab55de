/** HTTP shapes of the evidence document routes. */
import * as z from 'zod/mini';
import { documentSchema } from '../domain/documents/schema.ts';
import type { DocumentView, Registration } from '../domain/documents/service.ts';
import { built } from '../domain/pure.ts';
import { type HttpResponse, json } from './response.ts';
import '../domain/zod-messages.ts';

/** A presigned GET of an available document, valid five minutes. */
export const downloadLinkSchema = /* @__PURE__ */ built(() =>
  z.strictObject({
    url: z.string(),
    expiresAt: z.iso.datetime(),
  }),
);

/** A document as the read routes answer it: with `download` exactly when it is `available`. */
export const documentViewSchema = /* @__PURE__ */ built(() =>
  z.extend(documentSchema, { download: z.optional(downloadLinkSchema) }),
);

/**
 * `POST /projects/{id}/documents` answers the pending document, the presigned POST (send `fields`
 * and then `file` as `multipart/form-data` to `url`) and when the form expires.
 */
export const documentRegistrationResponseSchema = /* @__PURE__ */ built(() =>
  z.extend(documentSchema, {
    upload: z.strictObject({ url: z.string(), fields: z.record(z.string(), z.string()) }),
    expiresAt: z.iso.datetime(),
  }),
);

const privateNoStore = { 'cache-control': 'private, no-store' };

/** `201` with the pending document, its upload form and when the form expires. */
export function registrationResponse(registration: Registration): HttpResponse {
  const { document, upload, expiresAt } = registration;
  return json(
    201,
    { ...document, upload, expiresAt },
    { location: `/projects/${document.projectId}/documents/${document.id}`, ...privateNoStore },
  );
}

/**
 * A document; `no-store` rather than `no-cache` because an available one carries a signed link that
 * must not outlive its five minutes in a cache.
 */
export function documentResponse(document: DocumentView): HttpResponse {
  return json(200, document, privateNoStore);
}

/** A page of documents. */
export function documentPageResponse(page: {
  readonly items: readonly DocumentView[];
  readonly nextCursor: string | null;
}): HttpResponse {
  return json(200, page, privateNoStore);
}
