import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { issueToken, loadIssuerKeys, localAudience, localIssuer } from '../../../infra/local/issuer.ts';
import { tokenVerifierFromEnvironment } from '../../../shared/adapters/auth/token-verifier.ts';
import { tokenEnvironment } from '../../../shared/config/env.ts';
import { UnauthenticatedError } from '../../../shared/domain/errors.ts';
import { audienceOf } from '../../../shared/http/caller.ts';
import { httpEvent } from '../../support/events.ts';

/** Fresh issuer keys in a temporary folder, and a verifier configured as the local runtime does. */
async function aLocalIssuer() {
  const dir = mkdtempSync(join(tmpdir(), 'jucip-caller-'));
  const keys = await loadIssuerKeys(dir);
  const verifier = tokenVerifierFromEnvironment({
    [tokenEnvironment.issuerUrl]: localIssuer,
    [tokenEnvironment.audience]: localAudience,
    [tokenEnvironment.publicKeyFile]: join(dir, 'public.pem'),
  });
  return { keys, verifier };
}

const withToken = (token: string) =>
  httpEvent({ path: '/indicators', headers: { authorization: `Bearer ${token}` } });

describe('audienceOf (the optional bearer token of the public indicator routes)', () => {
  it('treats a request without Authorization as the public', async () => {
    const { verifier } = await aLocalIssuer();
    expect(await audienceOf(httpEvent({ path: '/indicators' }), verifier)).toBe('public');
  });

  it('treats a valid token of any role as authenticated', async () => {
    const { keys, verifier } = await aLocalIssuer();
    for (const roles of [['viewer'], ['submitter'], []] as const) {
      expect(await audienceOf(withToken(await issueToken(keys, { roles: [...roles] })), verifier)).toBe(
        'authenticated',
      );
    }
  });

  it('refuses (401) a token that is malformed, expired, from another key or for another client', async () => {
    const { keys, verifier } = await aLocalIssuer();
    const other = await aLocalIssuer();
    const expired = await issueToken(keys, { roles: ['viewer'], expiresInSeconds: -60 });
    const foreign = await issueToken(other.keys, { roles: ['viewer'] });
    const otherClient = await new SignJWT({})
      .setProtectedHeader({ alg: 'RS256', kid: keys.keyId })
      .setIssuer(localIssuer)
      .setAudience('someone-else')
      .setSubject('x')
      .setExpirationTime('1h')
      .sign(keys.privateKey);
    for (const token of ['not-a-jwt', expired, foreign, otherClient]) {
      await expect(audienceOf(withToken(token), verifier)).rejects.toThrow(UnauthenticatedError);
    }
    await expect(
      audienceOf(httpEvent({ path: '/indicators', headers: { authorization: 'Basic abc' } }), verifier),
    ).rejects.toThrow(UnauthenticatedError);
  });

  it('serves the public view when no verifier is configured (fail closed)', async () => {
    const { keys } = await aLocalIssuer();
    expect(tokenVerifierFromEnvironment({})).toBeUndefined();
    expect(await audienceOf(withToken(await issueToken(keys, { roles: ['admin'] })), undefined)).toBe(
      'public',
    );
  });
});
