/**
 * Verifies a bearer token inside a function, for public routes that serve more to a caller with a
 * token (`docs/disclosure-control.md`): API Gateway attaches no authorizer to a public route, so
 * nothing has checked the token before the function sees it.
 *
 * The checks are those of API Gateway's JWT authorizer on the protected routes: an RS256 signature
 * by the issuer's key, `iss`, `exp`/`nbf`, and the app client in `aud` (ID tokens) or `client_id`
 * (access tokens). In AWS the key comes from the Cognito pool's JWKS
 * (`<issuer>/.well-known/jwks.json`, fetched once and cached by `jose`); locally from the local
 * issuer's public key file, which the local runtime names.
 */
import { readFile } from 'node:fs/promises';
import {
  type CryptoKey,
  createRemoteJWKSet,
  importSPKI,
  type JWTPayload,
  type JWTVerifyGetKey,
  jwtVerify,
} from 'jose';
import { tokenEnvironment } from '../../config/env.ts';
import { UnauthenticatedError } from '../../domain/errors.ts';

/** Checks a bearer token and answers its claims. */
export interface TokenVerifier {
  /** @throws UnauthenticatedError when the token is not valid */
  verify(token: string): Promise<JWTPayload>;
}

class JwtVerifier implements TokenVerifier {
  constructor(
    private readonly key: () => Promise<CryptoKey | JWTVerifyGetKey>,
    private readonly issuer: string,
    private readonly audience: string,
  ) {}

  async verify(token: string): Promise<JWTPayload> {
    let payload: JWTPayload;
    try {
      const key = await this.key();
      ({ payload } =
        typeof key === 'function'
          ? await jwtVerify(token, key, this.options())
          : await jwtVerify(token, key, this.options()));
    } catch {
      throw new UnauthenticatedError('The token is not valid');
    }
    const audiences = typeof payload.aud === 'string' ? [payload.aud] : (payload.aud ?? []);
    if (!audiences.includes(this.audience) && payload.client_id !== this.audience) {
      throw new UnauthenticatedError('The token is not valid');
    }
    return payload;
  }

  private options() {
    return { algorithms: ['RS256'], issuer: this.issuer, requiredClaims: ['exp', 'sub'] };
  }
}

/**
 * The verifier the environment configures, or undefined when it configures none (then every
 * caller is treated as the public: fail closed).
 */
export function tokenVerifierFromEnvironment(
  env: NodeJS.ProcessEnv = process.env,
): TokenVerifier | undefined {
  const issuer = env[tokenEnvironment.issuerUrl];
  const audience = env[tokenEnvironment.audience];
  if (!issuer || !audience) return undefined;
  const keyFile = env[tokenEnvironment.publicKeyFile];
  if (keyFile) {
    let key: Promise<CryptoKey> | undefined;
    // Read on first use: the local runtime writes the key file after it sets the environment.
    return new JwtVerifier(
      () => {
        key ??= readFile(keyFile, 'utf8').then((pem) => importSPKI(pem, 'RS256'));
        return key;
      },
      issuer,
      audience,
    );
  }
  // Built on first use: creating the key set touches `fetch`, and loading Node's HTTP client for it
  // cost every cold start about 13 ms, though most public reads carry no token.
  let jwks: JWTVerifyGetKey | undefined;
  return new JwtVerifier(
    async () => {
      jwks ??= createRemoteJWKSet(new URL(`${issuer.replace(/\/$/, '')}/.well-known/jwks.json`));
      return jwks;
    },
    issuer,
    audience,
  );
}
