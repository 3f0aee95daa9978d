import { generateKeyPairSync, type KeyObject } from 'node:crypto';
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

  publicKeyPem(): string {
    return this.publicKey.export({ type: 'spki', format: 'pem' }).toString();
  }

  /** A token with every scope unless `claims` says otherwise; `expiresIn` as jose reads it ('24h'). */
  mint(claims: JWTPayload = {}, expiresIn: string | number = '1h'): Promise<string> {
    return new SignJWT({ scope: ALL_SCOPES.join(' '), ...claims })
      .setProtectedHeader({ alg: DEV_ALGORITHM })
      .setIssuer(DEV_ISSUER)
      .setAudience(DEV_AUDIENCE)
      .setSubject(typeof claims.sub === 'string' ? claims.sub : 'dev')
      .setIssuedAt()
      .setExpirationTime(expiresIn)
      .sign(this.privateKey);
  }
}
