import { createHash, verify, type KeyObject } from 'node:crypto';

export type OAuthFailure =
  | 'missing-header'
  | 'malformed-header'
  | 'unsupported-signature-method'
  | 'unknown-consumer-key'
  | 'stale-timestamp'
  | 'bad-signature'
  | 'body-hash-mismatch';

export type OAuthVerification =
  { ok: true; consumerKey: string } | { ok: false; failure: OAuthFailure; detail: string };

export interface SignedRequest {
  method: string;
  /** The absolute URL as the client addressed it (scheme, host, port, path, query). */
  url: string;
  authorization: string | undefined;
  body: Buffer;
}

export interface OAuthVerifierOptions {
  publicKeyFor: (consumerKey: string) => KeyObject | undefined;
  nowSeconds: () => number;
  /** Accepted clock difference for oauth_timestamp. */
  maxSkewSeconds: number;
}

const REQUIRED_PARAMS = [
  'oauth_consumer_key',
  'oauth_nonce',
  'oauth_signature',
  'oauth_signature_method',
  'oauth_timestamp',
  'oauth_body_hash',
] as const;

/**
 * Verifies a Mastercard OAuth 1.0a request the way the API gateway does (NOTES.md), with
 * node:crypto only, in the order NOTES.md gives: compare the body hash with the bytes actually
 * received, then rebuild the signature base string and RSA-SHA256-verify it with the consumer's key.
 */
export function verifyOAuthRequest(request: SignedRequest, options: OAuthVerifierOptions): OAuthVerification {
  if (!request.authorization) return fail('missing-header', 'the Authorization header is missing');
  const params = parseAuthorizationHeader(request.authorization);
  if (!params) return fail('malformed-header', 'the Authorization header is not an OAuth header');
  const missing = REQUIRED_PARAMS.filter((name) => !params.has(name));
  if (missing.length > 0) return fail('malformed-header', `missing OAuth parameters: ${missing.join(', ')}`);
  const get = (name: (typeof REQUIRED_PARAMS)[number]) => params.get(name) as string;

  if (get('oauth_signature_method') !== 'RSA-SHA256') {
    return fail('unsupported-signature-method', 'oauth_signature_method must be RSA-SHA256');
  }
  const publicKey = options.publicKeyFor(get('oauth_consumer_key'));
  if (!publicKey) return fail('unknown-consumer-key', 'the consumer key is not registered');

  const timestamp = Number(get('oauth_timestamp'));
  if (!Number.isInteger(timestamp) || Math.abs(options.nowSeconds() - timestamp) > options.maxSkewSeconds) {
    return fail('stale-timestamp', 'oauth_timestamp is missing or too far from the server clock');
  }

  const bodyHash = createHash('sha256').update(request.body).digest('base64');
  if (bodyHash !== get('oauth_body_hash')) {
    return fail('body-hash-mismatch', 'oauth_body_hash does not match the request body');
  }

  const baseString = signatureBaseString(request.method, request.url, params);
  const signature = Buffer.from(get('oauth_signature'), 'base64');
  if (!verify('RSA-SHA256', Buffer.from(baseString), publicKey, signature)) {
    return fail('bad-signature', 'the signature does not verify with the consumer key');
  }
  return { ok: true, consumerKey: get('oauth_consumer_key') };
}

/** `OAuth k="v", k2="v2"` -> percent-decoded map; null when it is not an OAuth header. */
export function parseAuthorizationHeader(header: string): Map<string, string> | null {
  const match = /^OAuth\s+(.*)$/i.exec(header.trim());
  if (!match?.[1]) return null;
  const params = new Map<string, string>();
  for (const part of match[1].split(',')) {
    const pair = /^\s*([A-Za-z0-9_.~-]+)="([^"]*)"\s*$/.exec(part);
    if (!pair?.[1]) return null;
    try {
      params.set(pair[1], decodeURIComponent(pair[2] ?? ''));
    } catch {
      return null;
    }
  }
  return params;
}

/**
 * RFC 5849 section 3.4.1 as Mastercard applies it: method, normalised base URI, and the sorted
 * query + oauth parameters (without oauth_signature) joined as `k=v&...`, each part percent-encoded once.
 */
export function signatureBaseString(method: string, url: string, oauthParams: Map<string, string>): string {
  const parsed = new URL(url);
  const baseUri = `${parsed.protocol}//${parsed.host.toLowerCase()}${parsed.pathname}`;
  const pairs: [string, string][] = [];
  for (const [key, value] of parsed.searchParams) pairs.push([key, value]);
  for (const [key, value] of oauthParams) if (key !== 'oauth_signature') pairs.push([key, value]);
  pairs.sort(([keyA, valueA], [keyB, valueB]) => compare(keyA, keyB) || compare(valueA, valueB));
  const paramString = pairs.map(([key, value]) => `${key}=${value}`).join('&');
  return `${method.toUpperCase()}&${percentEncode(baseUri)}&${percentEncode(paramString)}`;
}

/** RFC 3986 unreserved-only encoding (encodeURIComponent leaves !'()* alone). */
export function percentEncode(value: string): string {
  return encodeURIComponent(value).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function fail(failure: OAuthFailure, detail: string): OAuthVerification {
  return { ok: false, failure, detail };
}
