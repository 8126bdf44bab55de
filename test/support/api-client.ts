/** A small HTTP client for the e2e tests: the real local runtime, real tokens from its issuer. */
import { join } from 'node:path';
import { inject } from 'vitest';
import { issueToken, loadIssuerKeys } from '../../infra/local/issuer.ts';
import { ensureOrganisation } from '../../infra/local/organisations.ts';
import type { Role } from '../../shared/domain/policy.ts';

export interface ApiResponse {
  readonly status: number;
  readonly headers: Headers;
  // biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary JSON bodies
  readonly json: any;
  readonly text: string;
}

export interface CallOptions {
  readonly token?: string;
  readonly body?: unknown;
  /** A raw body sent as is (with the content type given in headers). */
  readonly rawBody?: string;
  readonly headers?: Record<string, string>;
}

/** Calls the local runtime the e2e global setup started. */
export async function call(method: string, path: string, options: CallOptions = {}): Promise<ApiResponse> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  let body: string | undefined = options.rawBody;
  if (options.body !== undefined) {
    body = JSON.stringify(options.body);
    headers['content-type'] ??= 'application/json';
  }
  const response = await fetch(`${inject('baseUrl')}${path}`, {
    method,
    headers,
    ...(body !== undefined ? { body } : {}),
  });
  const text = await response.text();
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  return { status: response.status, headers: response.headers, json, text };
}

const keys = loadIssuerKeys(join(inject('localStateDir'), 'issuer'));

const registered = new Map<string, Promise<unknown>>();

/**
 * A token from the local runtime's own issuer. Its organisation is registered first (once), as
 * `npm run token` does, since projects need a registered organisation.
 */
export async function tokenFor(roles: Role[], orgId?: string, subject?: string): Promise<string> {
  if (orgId) {
    if (!registered.has(orgId))
      registered.set(orgId, ensureOrganisation(inject('baseUrl'), await keys, orgId));
    await registered.get(orgId);
  }
  return issueToken(await keys, { roles, ...(orgId ? { orgId } : {}), ...(subject ? { subject } : {}) });
}

/** A token for an organisation that is deliberately not registered. */
export async function unregisteredTokenFor(roles: Role[], orgId: string): Promise<string> {
  return issueToken(await keys, { roles, orgId });
}

/** A fresh organisation id, so that each test's data is its own. */
export function freshOrg(label: string): string {
  return `e2e-${label}-${Math.random().toString(36).slice(2, 10)}`;
}
