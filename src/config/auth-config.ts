import { createPublicKey, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { TokenKeySource, TokenVerifierOptions } from '../auth/token-verifier';
import type { EnvironmentReader } from './config-error';

/** Authentication of callers: on (bearer JWTs) unless explicitly turned off. */
export type AuthConfig = { readonly enabled: false } | ({ readonly enabled: true } & TokenVerifierOptions);

export const ASYMMETRIC_ALGORITHMS = ['RS256', 'PS256', 'ES256', 'EdDSA'] as const;
const ACCEPTED_ALGORITHMS = new Set<string>([
  ...ASYMMETRIC_ALGORITHMS,
  'RS384',
  'RS512',
  'PS384',
  'PS512',
  'ES384',
  'ES512',
]);
const SHARED_SECRET_ALGORITHMS = new Set(['HS256', 'HS384', 'HS512']);
const KEY_SOURCES = ['AUTH_JWKS_URL', 'AUTH_PUBLIC_KEY_FILE', 'AUTH_SHARED_SECRET'] as const;
export const DEFAULT_USER_CLAIM = 'cce_user_id';
export const DEFAULT_CLOCK_TOLERANCE_SECONDS = 30;
/**
 * How long a verified token's caller is reused for the same token; entries also end with the token's
 * `exp` and whenever jose reloads the JWKS (VerifiedTokenCache), so a removed key is not honoured longer.
 */
export const DEFAULT_TOKEN_CACHE_SECONDS = 30;

/**
 * Deny by default: `npm start` needs a key source, an issuer and an audience, or AUTH_DISABLED=true
 * (which the gateway warns about at every start).
 */
export function readAuthConfig(env: EnvironmentReader): AuthConfig {
  const disabled = env.optional('AUTH_DISABLED')?.toLowerCase();
  if (disabled !== undefined && !['true', 'false'].includes(disabled)) {
    env.problem('AUTH_DISABLED must be true or false');
  }
  if (disabled === 'true') return { enabled: false };

  const given = KEY_SOURCES.filter((name) => env.optional(name) !== undefined);
  if (given.length !== 1) {
    env.problem(
      given.length === 0
        ? `authentication is required: set one of ${KEY_SOURCES.join(', ')} with AUTH_ISSUER and AUTH_AUDIENCE ` +
            '(or AUTH_DISABLED=true to serve without authentication)'
        : `set only one of ${given.join(', ')}`,
    );
  }
  const keys = given.length === 1 ? readKeySource(env, given[0]!) : undefined;
  const issuer = env.required('AUTH_ISSUER', 'the `iss` your identity provider puts in tokens');
  const audience = env.required('AUTH_AUDIENCE', 'the `aud` tokens for this gateway carry');
  const algorithms = readAlgorithms(env, keys?.kind === 'shared-secret');
  const userClaim = env.optional('AUTH_USER_CLAIM') ?? DEFAULT_USER_CLAIM;
  if (!/^[A-Za-z_][\w:/.-]{0,99}$/.test(userClaim)) env.problem('AUTH_USER_CLAIM must be a claim name');
  return {
    enabled: true,
    keys: keys ?? { kind: 'shared-secret', secret: new Uint8Array() },
    issuer: issuer ?? '',
    audience: audience ?? '',
    algorithms,
    clockToleranceSeconds: env.integer(
      'AUTH_CLOCK_TOLERANCE_SECONDS',
      DEFAULT_CLOCK_TOLERANCE_SECONDS,
      0,
      300,
    ),
    userClaim,
    tokenCacheSeconds: env.integer('AUTH_TOKEN_CACHE_SECONDS', DEFAULT_TOKEN_CACHE_SECONDS, 0, 300),
  };
}

function readKeySource(
  env: EnvironmentReader,
  name: (typeof KEY_SOURCES)[number],
): TokenKeySource | undefined {
  const value = env.optional(name)!;
  if (name === 'AUTH_JWKS_URL') {
    const url = URL.canParse(value) ? new URL(value) : undefined;
    const loopback = url !== undefined && ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
    if (url?.protocol !== 'https:' && !(url?.protocol === 'http:' && loopback)) {
      env.problem('AUTH_JWKS_URL must be an https:// URL (http:// only on loopback)');
      return undefined;
    }
    return { kind: 'jwks', url: value };
  }
  if (name === 'AUTH_PUBLIC_KEY_FILE') {
    const key = readPublicKey(value);
    if (key === undefined) env.problem(`AUTH_PUBLIC_KEY_FILE: cannot read a public key (PEM) from ${value}`);
    return key && { kind: 'public-key', key };
  }
  const secret = new TextEncoder().encode(value);
  if (secret.length < 32) {
    env.problem('AUTH_SHARED_SECRET must be at least 32 bytes');
    return undefined;
  }
  return { kind: 'shared-secret', secret };
}

function readPublicKey(file: string): KeyObject | undefined {
  try {
    const key = createPublicKey(readFileSync(file));
    return key.type === 'public' ? key : undefined;
  } catch {
    return undefined;
  }
}

/**
 * An allow-list, never `none`. HS* needs AUTH_SHARED_SECRET on purpose: with a public key, an
 * HS256 token signed with that public key is the classic forgery.
 */
function readAlgorithms(env: EnvironmentReader, sharedSecret: boolean): string[] {
  const raw = env.optional('AUTH_ALGORITHMS');
  const algorithms = raw?.split(',').map((item) => item.trim()) ?? [];
  if (raw === undefined) return sharedSecret ? ['HS256'] : [...ASYMMETRIC_ALGORITHMS];
  const allowed = sharedSecret ? SHARED_SECRET_ALGORITHMS : ACCEPTED_ALGORITHMS;
  if (algorithms.length === 0 || algorithms.some((algorithm) => !allowed.has(algorithm))) {
    env.problem(
      `AUTH_ALGORITHMS must be a comma-separated list of ${[...allowed].join(', ')}` +
        (sharedSecret ? ' (AUTH_SHARED_SECRET is set)' : ''),
    );
  }
  return algorithms;
}
