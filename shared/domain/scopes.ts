/**
 * The OAuth 2.0 scopes machine clients hold (docs/machine-clients.md). A machine client acts as a
 * submitter of its organisation, limited to its scopes: each route that machine clients may call
 * names the one scope it needs in the route table (`shared/routes.ts`); a route that names none is
 * closed to them. People's tokens carry roles instead and are not limited by scopes.
 */

/** The Cognito resource server that owns the scopes; each scope is `<resource server>/<name>`. */
export const scopeResourceServer = 'tracker';

/** The scopes' names within the resource server, with what each allows. */
export const scopeDescriptions = {
  'projects.write': 'Create, edit and import projects of the client’s organisation',
  'metrics.write': 'Submit and restate monthly metric reports of the client’s organisation',
  read: 'Read projects, reports and the client’s organisation',
} as const;

type ScopeName = keyof typeof scopeDescriptions;

/** A scope as it appears in tokens and requests, e.g. `tracker/projects.write`. */
export type Scope = `${typeof scopeResourceServer}/${ScopeName}`;

/** Every scope, in a stable order. */
export const scopes: readonly Scope[] = (Object.keys(scopeDescriptions) as ScopeName[]).map(
  (name): Scope => `${scopeResourceServer}/${name}`,
);

/** Whether a string is one of the tracker's scopes. */
export function isScope(value: string): value is Scope {
  return (scopes as readonly string[]).includes(value);
}

/**
 * The tracker scopes in an OAuth `scope` value (space-separated, RFC 6749 §3.3); other scopes
 * (Cognito's own, say) are ignored.
 */
export function parseScopeClaim(value: string | undefined): Scope[] {
  if (!value) return [];
  return [...new Set(value.split(/\s+/).filter(isScope))];
}
