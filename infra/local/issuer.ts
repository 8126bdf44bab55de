/**
 * The local identity provider: an RS256 key pair generated on first use and kept in the local
 * state folder, tokens shaped like Cognito ID tokens, the token endpoint machine clients use
 * (OAuth 2.0 client credentials, RFC 6749 §4.4, issuing access tokens shaped like Cognito's), and
 * the checks API Gateway's JWT authorizer makes (signature, `iss`, `aud`/`client_id`, `exp`, `nbf`).
 */
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  type CryptoKey,
  exportJWK,
  exportPKCS8,
  exportSPKI,
  generateKeyPair,
  importPKCS8,
  importSPKI,
  type JWTPayload,
  jwtVerify,
  SignJWT,
} from 'jose';
import { type Role, roles } from '../../shared/domain/policy.ts';
import { parseScopeClaim, type Scope } from '../../shared/domain/scopes.ts';
import { groupsClaim, orgClaim } from '../../shared/http/principal.ts';
import { localStateDir } from './paths.ts';

/** The issuer and audience the local runtime signs and checks, standing in for the Cognito pool and app client. */
export const localIssuer = 'http://localhost/jucip-local-issuer';
export const localAudience = 'jucip-local-client';

export { type Role, roles };

const keyId = 'jucip-local-1';

export interface IssuerKeys {
  readonly privateKey: CryptoKey;
  readonly publicKey: CryptoKey;
  readonly keyId: string;
}

/** Loads the local signing keys, generating and saving them on first use. */
export async function loadIssuerKeys(dir = join(localStateDir(), 'issuer')): Promise<IssuerKeys> {
  const privatePath = join(dir, 'private.pem');
  const publicPath = join(dir, 'public.pem');
  if (!existsSync(privatePath) || !existsSync(publicPath)) {
    const pair = await generateKeyPair('RS256', { extractable: true, modulusLength: 2048 });
    mkdirSync(dir, { recursive: true });
    writeFileSync(privatePath, await exportPKCS8(pair.privateKey), { mode: 0o600 });
    writeFileSync(publicPath, await exportSPKI(pair.publicKey));
  }
  return {
    privateKey: await importPKCS8(readFileSync(privatePath, 'utf8'), 'RS256'),
    publicKey: await importSPKI(readFileSync(publicPath, 'utf8'), 'RS256', { extractable: true }),
    keyId,
  };
}

/** The public key as a JWKS document, as Cognito publishes at `/.well-known/jwks.json`. */
export async function jwks(keys: IssuerKeys): Promise<{ keys: object[] }> {
  return { keys: [{ ...(await exportJWK(keys.publicKey)), kid: keys.keyId, alg: 'RS256', use: 'sig' }] };
}

export interface TokenRequest {
  readonly roles: readonly Role[];
  readonly orgId?: string;
  readonly subject?: string;
  /** Lifetime in seconds (default one hour). */
  readonly expiresInSeconds?: number;
}

/** Signs a token shaped like a Cognito ID token: `cognito:groups`, `custom:orgId`, `aud` = the client. */
export async function issueToken(keys: IssuerKeys, request: TokenRequest): Promise<string> {
  const subject =
    request.subject ?? `local-${request.roles.join('-')}${request.orgId ? `-${request.orgId}` : ''}`;
  return new SignJWT({
    [groupsClaim]: [...request.roles],
    ...(request.orgId ? { [orgClaim]: request.orgId } : {}),
    token_use: 'id',
    'cognito:username': subject,
  })
    .setProtectedHeader({ alg: 'RS256', kid: keys.keyId, typ: 'JWT' })
    .setIssuer(localIssuer)
    .setAudience(localAudience)
    .setSubject(subject)
    .setIssuedAt()
    .setExpirationTime(`${request.expiresInSeconds ?? 3600}s`)
    .sign(keys.privateKey);
}

/** Why a token was refused (for the local log; the caller only ever sees 401). */
export class TokenRejectedError extends Error {}

/**
 * Verifies a bearer token the way API Gateway's JWT authorizer does and answers its claims: `aud`
 * must name the app client; a token without `aud` (an access token) is judged by `client_id`,
 * which must be the app client or, for machine clients, one `acceptsClient` knows (in AWS, the
 * authorizer's audience list; see docs/machine-clients.md).
 * @throws TokenRejectedError on any failure.
 */
export async function verifyToken(
  keys: IssuerKeys,
  token: string,
  acceptsClient: (clientId: string) => boolean = () => false,
): Promise<JWTPayload> {
  return acceptedPayload(await signedPayload(keys, token), acceptsClient);
}

/** The payload of a token whose signature, issuer and lifetime hold. */
async function signedPayload(keys: IssuerKeys, token: string): Promise<JWTPayload> {
  try {
    const { payload } = await jwtVerify(token, keys.publicKey, {
      algorithms: ['RS256'],
      issuer: localIssuer,
      requiredClaims: ['exp'],
    });
    return payload;
  } catch (error) {
    throw new TokenRejectedError((error as Error).message);
  }
}

/** The payload, when its audience (or machine client) is one the API accepts now. */
function acceptedPayload(payload: JWTPayload, acceptsClient: (clientId: string) => boolean): JWTPayload {
  const clientId = payload.client_id;
  const accepted =
    payload.aud !== undefined
      ? (typeof payload.aud === 'string' ? [payload.aud] : payload.aud).includes(localAudience)
      : typeof clientId === 'string' && (clientId === localAudience || acceptsClient(clientId));
  if (!accepted) throw new TokenRejectedError('Token audience does not match the app client');
  return payload;
}

/**
 * `verifyToken` for the gateway, which sees the same tokens again and again: the signature check of
 * a token already verified (an RSA verification, about 0.12 ms of CPU, a third of the gateway's
 * work per request) is remembered by the token's exact text, which no other token shares. Its
 * lifetime and its audience are still checked on every request, so an expired token, or one of a
 * machine client removed since, is refused as before.
 */
export class TokenVerifier {
  readonly #verified = new Map<string, JWTPayload>();

  constructor(
    private readonly keys: IssuerKeys,
    /** Tokens remembered at most; the oldest is forgotten first. */
    private readonly capacity = 1024,
  ) {}

  async verify(
    token: string,
    acceptsClient: (clientId: string) => boolean = () => false,
  ): Promise<JWTPayload> {
    const seen = this.#verified.get(token);
    if (seen === undefined) {
      const payload = await signedPayload(this.keys, token);
      if (this.#verified.size >= this.capacity)
        this.#verified.delete(this.#verified.keys().next().value as string);
      // Frozen: every request that carries this token gets this very object.
      this.#verified.set(token, Object.freeze(payload));
      return acceptedPayload(payload, acceptsClient);
    }
    const now = Math.floor(Date.now() / 1000);
    // jose's own checks, with its messages: `exp` is required (so present), `nbf` optional.
    if (typeof seen.exp === 'number' && now >= seen.exp) {
      this.#verified.delete(token);
      throw new TokenRejectedError('"exp" claim timestamp check failed');
    }
    if (typeof seen.nbf === 'number' && now < seen.nbf)
      throw new TokenRejectedError('"nbf" claim timestamp check failed');
    return acceptedPayload(seen, acceptsClient);
  }
}

/** Machine clients' access tokens live 15 minutes, as the AWS app clients are configured. */
export const machineTokenLifetimeSeconds = 15 * 60;

/**
 * Signs a client-credentials access token shaped like Cognito's: `sub` and `client_id` name the
 * client, `scope` is space-separated, `token_use` is `access`, and there is no `aud`.
 */
export async function issueClientToken(
  keys: IssuerKeys,
  clientId: string,
  scopes: readonly Scope[],
  expiresInSeconds = machineTokenLifetimeSeconds,
): Promise<string> {
  return new SignJWT({ client_id: clientId, scope: scopes.join(' '), token_use: 'access', version: 2 })
    .setProtectedHeader({ alg: 'RS256', kid: keys.keyId, typ: 'JWT' })
    .setIssuer(localIssuer)
    .setSubject(clientId)
    .setJti(randomUUID())
    .setIssuedAt()
    .setExpirationTime(`${expiresInSeconds}s`)
    .sign(keys.privateKey);
}

/** Checks a machine client's credentials (the local client registry). */
export interface ClientAuthenticator {
  /** The client's scopes, or undefined when the id is unknown or the secret wrong. */
  authenticate(clientId: string, clientSecret: string): Promise<readonly Scope[] | undefined>;
}

/** A token endpoint request: the request's headers (lower-case names) and its body. */
export interface TokenEndpointRequest {
  readonly headers: Readonly<Record<string, string | undefined>>;
  readonly body: string;
}

/** A token endpoint response, JSON. */
export interface TokenEndpointResponse {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly body: string;
}

type TokenError = 'invalid_request' | 'invalid_client' | 'invalid_scope' | 'unsupported_grant_type';

/** Token responses must never be cached (RFC 6749 §5.1). */
const tokenResponseHeaders = {
  'content-type': 'application/json;charset=UTF-8',
  'cache-control': 'no-store',
  pragma: 'no-cache',
};

function tokenError(error: TokenError, description: string): TokenEndpointResponse {
  const status = error === 'invalid_client' ? 401 : 400;
  return {
    status,
    // RFC 6749 §5.2: a failed HTTP Basic client authentication answers 401 with the scheme to use.
    headers: {
      ...tokenResponseHeaders,
      ...(status === 401 ? { 'www-authenticate': 'Basic realm="jucip-local", charset="UTF-8"' } : {}),
    },
    body: JSON.stringify({ error, error_description: description }),
  };
}

/** RFC 6749 §2.3.1: the id and secret are form-urlencoded, then joined by `:` and base64-encoded. */
function basicCredentials(authorization: string | undefined): { id: string; secret: string } | undefined {
  const encoded = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(authorization ?? '')?.[1];
  if (!encoded) return undefined;
  const decoded = Buffer.from(encoded, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return undefined;
  const formDecode = (value: string) => decodeURIComponent(value.replaceAll('+', ' '));
  try {
    return { id: formDecode(decoded.slice(0, colon)), secret: formDecode(decoded.slice(colon + 1)) };
  } catch {
    return undefined;
  }
}

/**
 * `POST /oauth2/token` with `grant_type=client_credentials` (RFC 6749 §4.4): the client
 * authenticates with HTTP Basic; `scope` may narrow the client's scopes, never widen them. Errors
 * are RFC 6749 §5.2 JSON.
 */
export async function clientCredentialsToken(
  keys: IssuerKeys,
  clients: ClientAuthenticator,
  request: TokenEndpointRequest,
): Promise<TokenEndpointResponse> {
  const contentType = (request.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
  if (contentType !== 'application/x-www-form-urlencoded') {
    return tokenError('invalid_request', 'Send the parameters as application/x-www-form-urlencoded');
  }
  const credentials = basicCredentials(request.headers.authorization);
  if (!credentials) {
    return tokenError('invalid_client', 'Authenticate with HTTP Basic: the client id and secret');
  }
  const scopes = await clients.authenticate(credentials.id, credentials.secret);
  if (!scopes) return tokenError('invalid_client', 'Unknown client or wrong secret');
  const form = new URLSearchParams(request.body);
  const grantType = form.get('grant_type');
  if (!grantType) return tokenError('invalid_request', 'grant_type is missing');
  if (grantType !== 'client_credentials') {
    return tokenError('unsupported_grant_type', 'This endpoint issues client_credentials tokens only');
  }
  const requested = form.get('scope');
  let granted: readonly Scope[] = scopes;
  if (requested !== null) {
    const asked = requested.split(/\s+/).filter(Boolean);
    const known = parseScopeClaim(requested);
    if (
      asked.length === 0 ||
      known.length !== new Set(asked).size ||
      known.some((s) => !scopes.includes(s))
    ) {
      return tokenError('invalid_scope', `This client may ask for ${scopes.join(' ')} only`);
    }
    granted = known;
  }
  const token = await issueClientToken(keys, credentials.id, granted);
  return {
    status: 200,
    headers: tokenResponseHeaders,
    body: JSON.stringify({
      access_token: token,
      token_type: 'Bearer',
      expires_in: machineTokenLifetimeSeconds,
    }),
  };
}

/**
 * Claims in the shape API Gateway hands them to Lambda: every value a string, lists as `[a b]`.
 */
export function claimsAsGatewayPassesThem(payload: JWTPayload): Record<string, string> {
  return Object.fromEntries(
    Object.entries(payload).map(([name, value]) => [
      name,
      Array.isArray(value)
        ? `[${value.join(' ')}]`
        : typeof value === 'object'
          ? JSON.stringify(value)
          : String(value),
    ]),
  );
}
