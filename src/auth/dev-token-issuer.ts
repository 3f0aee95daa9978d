import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { SignJWT, type JWTPayload } from 'jose';
import { ALL_SCOPES } from './scopes';

export const DEV_ISSUER = 'urn:cce-gateway:dev';
export const DEV_AUDIENCE = 'cce-gateway';
const DEV_ALGORITHM = 'ES256';

/**
 * A throw-away token issuer for `npm run dev`, the tests and the benchmark: a key pair made at
 * start-up whose public half the gateway trusts exactly as it would an identity provider's.
 */
export class DevTokenIssuer {
  private constructor(
    private readonly privateKey: KeyObject,
    readonly publicKey: KeyObject,
  ) {}

  static create(): DevTokenIssuer {
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    return new DevTokenIssuer(privateKey, publicKey);
  }

  /**
   * The issuer whose key pair lives in `dir` (made on first use): `auth-signing.pem` stays private,
   * `auth-public.pem` is what the gateway's AUTH_PUBLIC_KEY_FILE points at.
   */
  static inDirectory(dir: string): DevTokenIssuer {
    const privateFile = path.join(dir, 'auth-signing.pem');
    if (!existsSync(privateFile)) {
      const issuer = DevTokenIssuer.create();
      mkdirSync(dir, { recursive: true });
      writeFileSync(privateFile, issuer.privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
      writeFileSync(path.join(dir, 'auth-public.pem'), issuer.publicKeyPem());
      return issuer;
    }
    const privateKey = createPrivateKey(readFileSync(privateFile));
    return new DevTokenIssuer(privateKey, createPublicKey(privateKey));
  }

  publicKeyPem(): string {
    return this.publicKey.export({ type: 'spki', format: 'pem' }).toString();
  }

  /**
   * A token with every scope unless `claims` says otherwise (claims also override iss, aud, sub and
   * exp, for tests of refused tokens); `expiresIn` as jose reads it ('24h').
   */
  mint(claims: JWTPayload = {}, expiresIn: string | number = '1h'): Promise<string> {
    return new SignJWT({
      iss: DEV_ISSUER,
      aud: DEV_AUDIENCE,
      sub: 'dev',
      scope: ALL_SCOPES.join(' '),
      iat: Math.floor(Date.now() / 1000),
      ...claims,
    })
      .setProtectedHeader({ alg: DEV_ALGORITHM })
      .setExpirationTime(claims.exp ?? expiresIn)
      .sign(this.privateKey);
  }
}
