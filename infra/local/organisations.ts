/**
 * Registers an organisation in a running local runtime, through its API as an admin, when it is
 * missing: what `npm run token` does for the organisation it signs a token for, so that a new
 * local submitter can create projects at once (docs/machine-clients.md).
 */
import { type IssuerKeys, issueToken } from './issuer.ts';

/** What a placeholder organisation looks like until someone edits it. */
export function placeholderOrganisation(orgId: string) {
  return {
    name: `${orgId} (registered by npm run token; edit with PUT /organisations/${orgId})`,
    country: 'JP',
    contacts: [],
    language: 'en',
  };
}

/**
 * Answers `existing` or `created`.
 * @throws Error when the runtime cannot be reached or refuses (the message says what happened)
 */
export async function ensureOrganisation(
  baseUrl: string,
  keys: IssuerKeys,
  orgId: string,
): Promise<'existing' | 'created'> {
  const admin = await issueToken(keys, {
    roles: ['admin'],
    subject: 'local-organisation-setup',
    expiresInSeconds: 60,
  });
  const url = `${baseUrl}/organisations/${encodeURIComponent(orgId)}`;
  const headers = { authorization: `Bearer ${admin}` };
  const found = await fetch(url, { headers, signal: AbortSignal.timeout(5_000) });
  if (found.ok) return 'existing';
  if (found.status !== 404) throw new Error(`GET ${url} answered ${found.status}: ${await found.text()}`);
  const created = await fetch(url, {
    method: 'PUT',
    headers: { ...headers, 'content-type': 'application/json' },
    body: JSON.stringify(placeholderOrganisation(orgId)),
    signal: AbortSignal.timeout(5_000),
  });
  // 412: someone else created it between the two calls.
  if (created.status === 201 || created.status === 412)
    return created.status === 201 ? 'created' : 'existing';
  throw new Error(`PUT ${url} answered ${created.status}: ${await created.text()}`);
}
