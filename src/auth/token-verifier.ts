import type { KeyObject } from 'node:crypto';
import {
  createRemoteJWKSet,
  errors as joseErrors,
  jwksCache,
  jwtVerify,
  type JWKSCacheInput,
  type JWTPayload,
} from 'jose';
import { canonicalUserId, isUserId } from '../users/user';
import { UnauthenticatedError } from './auth-errors';
import type { Caller } from './caller';
import { VerifiedTokenCache } from './verified-token-cache';

/** Where the keys that sign callers' tokens come from. */
export type TokenKeySource =
  | { readonly kind: 'jwks'; readonly url: string }
  | { readonly kind: 'public-key'; readonly key: KeyObject }
  | { readonly kind: 'shared-secret'; readonly secret: Uint8Array };

export interface TokenVerifierOptions {
  readonly keys: TokenKeySource;
  readonly issuer: string;
  readonly audience: string;
  /** Never `none`; HS* only with a shared secret (the config refuses anything else). */
  readonly algorithms: readonly string[];
  readonly clockToleranceSeconds: number;
  /** The claim that binds a cardholder-facing token to one CCE user id. */
  readonly userClaim: string;
  /** AUTH_TOKEN_CACHE_SECONDS: how long a verified token's caller is reused (0: verify every request). */
  readonly tokenCacheSeconds: number;
}

// `sub` and `client_id` key rate limits and name the caller in logs: bounded strings only.
const MAX_IDENTIFIER_LENGTH = 256;

// jose's remote key set: keys are cached (10 min), an unknown `kid` refetches at most every 30 s,
// and a slow JWKS endpoint cannot hold a request for long.
const JWKS_CACHE = { cacheMaxAge: 10 * 60_000, cooldownDuration: 30_000, timeoutDuration: 5_000 };

/** Verifies bearer tokens with jose and turns their claims into a Caller. */
export class TokenVerifier {
  private readonly key: Parameters<typeof jwtVerify>[1];
  private readonly verified: VerifiedTokenCache;
  /** jose writes the time of each JWKS (re)load here (`uat`): the version of the key set. */
  private readonly keySet: JWKSCacheInput & { uat?: number } = {};

  constructor(
    private readonly options: TokenVerifierOptions,
    now: () => number = Date.now,
  ) {
    this.verified = new VerifiedTokenCache(options.tokenCacheSeconds * 1000, now);
    const keys = options.keys;
    this.key =
      keys.kind === 'jwks'
        ? createRemoteJWKSet(new URL(keys.url), { ...JWKS_CACHE, [jwksCache]: this.keySet })
        : keys.kind === 'public-key'
          ? keys.key
          : keys.secret;
  }

  /** The caller of an `Authorization` header value; UnauthenticatedError (with the reason) otherwise. */
  async verify(authorization: string | undefined): Promise<Caller> {
    const token = bearerToken(authorization);
    const known = this.verified.callerOf(token, this.keySet.uat);
    if (known) return known;
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, this.key as never, {
        issuer: this.options.issuer,
        audience: this.options.audience,
        algorithms: [...this.options.algorithms],
        clockTolerance: this.options.clockToleranceSeconds,
        requiredClaims: ['exp', 'sub'],
      }));
    } catch (error) {
      throw new UnauthenticatedError(describeJoseError(error));
    }
    const caller = this.callerOf(payload);
    // `exp` is required above, so every entry ends with its token.
    this.verified.remember(token, caller, payload.exp!, this.keySet.uat);
    return caller;
  }

  private callerOf(payload: JWTPayload): Caller {
    const { sub } = payload;
    if (typeof sub !== 'string' || sub === '' || sub.length > MAX_IDENTIFIER_LENGTH) {
      throw new UnauthenticatedError('sub is not a string of 1 to 256 characters');
    }
    const clientId = payload.client_id ?? payload.azp;
    if (clientId !== undefined && (typeof clientId !== 'string' || clientId.length > MAX_IDENTIFIER_LENGTH)) {
      throw new UnauthenticatedError('client_id/azp is not a string of at most 256 characters');
    }
    const bound = payload[this.options.userClaim];
    if (bound !== undefined && (typeof bound !== 'string' || !isUserId(bound))) {
      throw new UnauthenticatedError(`claim ${this.options.userClaim} is not a CCE user id`);
    }
    return {
      subject: sub,
      clientId: clientId ?? null,
      scopes: scopesOf(payload),
      boundUserId: bound === undefined ? null : canonicalUserId(bound),
    };
  }
}

function bearerToken(authorization: string | undefined): string {
  if (authorization === undefined || authorization === '') throw new UnauthenticatedError('no token');
  const match = /^Bearer +([A-Za-z0-9._~+/-]+=*) *$/i.exec(authorization);
  if (!match) throw new UnauthenticatedError('the Authorization header is not a Bearer token');
  return match[1]!;
}

/** OAuth's `scope` (space-separated string) or Azure-style `scp` (array or string). */
function scopesOf(payload: JWTPayload): ReadonlySet<string> {
  const raw = payload.scope ?? payload.scp;
  const list = Array.isArray(raw) ? raw : typeof raw === 'string' ? raw.split(' ') : [];
  return new Set(list.filter((scope): scope is string => typeof scope === 'string' && scope !== ''));
}

/** For the log only: jose's code says what failed without quoting the token. */
function describeJoseError(error: unknown): string {
  if (error instanceof joseErrors.JOSEError) {
    const claim = error instanceof joseErrors.JWTClaimValidationFailed ? ` (${error.claim})` : '';
    return `${error.code}${claim}`;
  }
  return 'unverifiable token';
}
