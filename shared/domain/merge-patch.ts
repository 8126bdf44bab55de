/**
 * JSON Merge Patch (RFC 7396): an object patch merges member by member, `null` removes a member,
 * and anything else (arrays included) replaces the target whole.
 */

function isObject(value: unknown): value is Readonly<Record<string, unknown>> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Applies `patch` to `target` as RFC 7396 §2 describes; neither argument is modified. */
export function applyMergePatch(target: unknown, patch: unknown): unknown {
  if (!isObject(patch)) return patch;
  const result: Record<string, unknown> = isObject(target) ? { ...target } : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) {
      delete result[key];
    } else if (value !== undefined) {
      result[key] = applyMergePatch(result[key], value);
    }
  }
  return result;
}
