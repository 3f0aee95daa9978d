import type { Caller } from '../../src/auth/caller';
import { VerifiedTokenCache } from '../../src/auth/verified-token-cache';

const caller = (subject: string): Caller => ({
  subject,
  clientId: null,
  scopes: new Set(['users:read']),
  boundUserId: null,
});

/** The key set's version, as the verifier passes it (jose's JWKS load time, or none for a fixed key). */
const KEYS = 1_000;

describe('VerifiedTokenCache', () => {
  let now: number;
  const clock = () => now;
  const inSeconds = (seconds: number) => Math.floor(now / 1000) + seconds;

  beforeEach(() => {
    now = Date.parse('2026-11-24T12:00:00Z');
  });

  it('answers the caller of a token verified less than its lifetime ago, and nothing after', () => {
    const cache = new VerifiedTokenCache(30_000, clock);
    cache.remember('token-a', caller('a'), inSeconds(3600), KEYS);

    now += 29_999;
    expect(cache.callerOf('token-a', KEYS)).toEqual(caller('a'));
    now += 1;
    expect(cache.callerOf('token-a', KEYS)).toBeUndefined();
  });

  it('never answers for a token past its own exp, even within the lifetime', () => {
    const cache = new VerifiedTokenCache(30_000, clock);
    cache.remember('token-a', caller('a'), inSeconds(10), KEYS);
    cache.remember('token-b', caller('b'), inSeconds(-1), KEYS);

    now += 9_999;
    expect(cache.callerOf('token-a', KEYS)).toEqual(caller('a'));
    expect(cache.callerOf('token-b', KEYS)).toBeUndefined();
    now += 1;
    expect(cache.callerOf('token-a', KEYS)).toBeUndefined();
  });

  it('answers only for the exact token: one byte more, less or different is unknown', () => {
    const cache = new VerifiedTokenCache(30_000, clock);
    cache.remember('header.payload.signature', caller('a'), inSeconds(3600), KEYS);

    for (const other of [
      'header.payload.signaturE',
      'header.payload.signatur',
      'header.payload.signature.',
    ]) {
      expect(cache.callerOf(other, KEYS)).toBeUndefined();
    }
  });

  it('verifies again a token verified under another key set (the JWKS was reloaded since)', () => {
    const cache = new VerifiedTokenCache(30_000, clock);
    cache.remember('token-a', caller('a'), inSeconds(3600), KEYS);

    expect(cache.callerOf('token-a', KEYS + 1)).toBeUndefined();
    expect(cache.callerOf('token-a', KEYS)).toBeUndefined();
  });

  it('keeps nothing with a lifetime of 0 (AUTH_TOKEN_CACHE_SECONDS=0)', () => {
    const cache = new VerifiedTokenCache(0, clock);
    cache.remember('token-a', caller('a'), inSeconds(3600), KEYS);

    expect(cache.enabled).toBe(false);
    expect(cache.callerOf('token-a', KEYS)).toBeUndefined();
  });

  it('holds at most its capacity, dropping the oldest token first', () => {
    const cache = new VerifiedTokenCache(30_000, clock, 3);
    for (const name of ['a', 'b', 'c', 'd'])
      cache.remember(`token-${name}`, caller(name), inSeconds(3600), KEYS);

    expect(cache.callerOf('token-a', KEYS)).toBeUndefined();
    expect(['b', 'c', 'd'].map((name) => cache.callerOf(`token-${name}`, KEYS)?.subject)).toEqual([
      'b',
      'c',
      'd',
    ]);
  });
});
