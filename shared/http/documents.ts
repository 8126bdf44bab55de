/** HTTP shapes of the evidence document routes. */
import type { DocumentView, Registration } from '../domain/documents/service.ts';
import { type HttpResponse, json } from './response.ts';

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
