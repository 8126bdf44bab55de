/**
 * A construct id from a definition id (`public-read` → `PublicRead`), so logical ids in the
 * template read like the definitions they come from.
 */
export function pascalCase(id: string): string {
  return id
    .split(/[^A-Za-z0-9]+/)
    .filter((part) => part !== '')
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('');
}
