/**
 * The document client of this container, created once at module scope. Kept apart from the
 * factory so that tooling (the local runtime, tests) can build clients without creating this one.
 */
import { createDocumentClient } from './client.ts';

export const documentClient = createDocumentClient();
