/**
 * The one spelling of the tracker's id format: projects, documents and indicator runs are ULIDs
 * (26 Crockford base-32 characters, time first). Kept apart from every schema, so that a module that
 * only checks an id (a read, a cursor) bundles no input schema with it.
 */

/** The characters of a ULID, as a pattern fragment to build larger patterns from. */
export const ulidCharacters = '[0-9A-HJKMNP-TV-Z]{26}';

/** A whole string that is a ULID. */
export const ulidPattern: RegExp = new RegExp(`^${ulidCharacters}$`);

/** Whether a string could be an id of the tracker (a ULID). */
export function isUlid(value: string): boolean {
  return ulidPattern.test(value);
}

/** Whether a string could be a project id (a ULID); anything else cannot exist, so it is a 404 early. */
export function isProjectId(value: string): boolean {
  return isUlid(value);
}
