/**
 * The local identity provider: an RS256 key pair generated on first use and kept in the local
 * state folder, tokens shaped like Cognito ID tokens, and the checks API Gateway's JWT authorizer
 * makes (signature, `iss`, `aud`/`client_id`, `exp`, `nbf`).
 */
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
 * Verifies a bearer token the way API Gateway's JWT authorizer does and answers its claims.
 * @throws TokenRejectedError on any failure.
 */
export async function verifyToken(keys: IssuerKeys, token: string): Promise<JWTPayload> {
  let payload: JWTPayload;
  try {
    ({ payload } = await jwtVerify(token, keys.publicKey, {
      algorithms: ['RS256'],
      issuer: localIssuer,
      requiredClaims: ['exp'],
    }));
  } catch (error) {
    throw new TokenRejectedError((error as Error).message);
  }
  const audiences = typeof payload.aud === 'string' ? [payload.aud] : (payload.aud ?? []);
  const clientId = payload.client_id;
  if (!audiences.includes(localAudience) && clientId !== localAudience) {
    throw new TokenRejectedError('Token audience does not match the app client');
  }
  return payload;
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
