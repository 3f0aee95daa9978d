import { createHmac } from 'node:crypto';
import { DevTokenIssuer } from '../../src/auth/dev-token-issuer';

const base64url = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
const now = () => Math.floor(Date.now() / 1000);

/**
 * Authorization headers a gateway trusting `issuer` must refuse, each the classic way a token goes
 * wrong or is forged. `undefined` sends no header at all.
 */
export async function refusedAuthorizations(issuer: DevTokenIssuer): Promise<[string, string | undefined][]> {
  const claims = {
    iss: 'urn:cce-gateway:dev',
    aud: 'cce-gateway',
    sub: 'attacker',
    scope: 'users:read users:read_pii users:enroll users:delete',
    exp: now() + 3600,
  };
  const unsigned = `${base64url({ alg: 'none', typ: 'JWT' })}.${base64url(claims)}.`;
  // The public key as an HMAC secret: accepted by a verifier that trusts the token's own `alg`.
  const hsInput = `${base64url({ alg: 'HS256', typ: 'JWT' })}.${base64url(claims)}`;
  const hsSignature = createHmac('sha256', issuer.publicKeyPem()).update(hsInput).digest('base64url');
  return [
    ['no token', undefined],
    ['a malformed token', 'Bearer not-a-jwt'],
    ['a token of another scheme', `Basic ${Buffer.from('user:password').toString('base64')}`],
    ['an expired token', `Bearer ${await issuer.mint({ exp: now() - 3600 })}`],
    ['a token not yet valid', `Bearer ${await issuer.mint({ nbf: now() + 3600 })}`],
    ['a token of another issuer', `Bearer ${await issuer.mint({ iss: 'https://evil.example' })}`],
    ['a token for another audience', `Bearer ${await issuer.mint({ aud: 'another-api' })}`],
    ['a token signed with another key', `Bearer ${await DevTokenIssuer.create().mint()}`],
    ['an unsigned token (alg: none)', `Bearer ${unsigned}`],
    ['an HS256 token signed with the public key', `Bearer ${hsInput}.${hsSignature}`],
  ];
}
