import type { Caller } from '../../src/auth/caller';
import { VerifiedTokenCache } from '../../src/auth/verified-token-cache';

const caller = (subject: string): Caller => ({
  subject,
  clientId: null,
  scopes: new Set(['users:read']),
  boundUserId: null,
});

describe('VerifiedTokenCache', () => {
  let now: number;
  const clock = () => now;
  const inSeconds = (seconds: number) => Math.floor(now / 1000) + seconds;

  beforeEach(() => {
    now = Date.parse('2026-11-24T12:00:00Z');
  });

  it('answers the caller of a token verified less than its lifetime ago, and nothing after', () => {
    const cache = new VerifiedTokenCache(30_000, clock);
    cache.remember('token-a', caller('a'), inSeconds(3600));

    now += 29_999;
    expect(cache.callerOf('token-a')).toEqual(caller('a'));
    now += 1;
    expect(cache.callerOf('token-a')).toBeUndefined();
  });

  it('never answers for a token past its own exp, even within the lifetime', () => {
    const cache = new VerifiedTokenCache(30_000, clock);
    cache.remember('token-a', caller('a'), inSeconds(10));
    cache.remember('token-b', caller('b'), inSeconds(-1));

    now += 9_999;
    expect(cache.callerOf('token-a')).toEqual(caller('a'));
    expect(cache.callerOf('token-b')).toBeUndefined();
    now += 1;
    expect(cache.callerOf('token-a')).toBeUndefined();
  });

  it('answers only for the exact token: one byte more, less or different is unknown', () => {
    const cache = new VerifiedTokenCache(30_000, clock);
    cache.remember('header.payload.signature', caller('a'), inSeconds(3600));

    for (const other of [
      'header.payload.signaturE',
      'header.payload.signatur',
      'header.payload.signature.',
    ]) {
      expect(cache.callerOf(other)).toBeUndefined();
    }
  });

  it('keeps nothing with a lifetime of 0 (AUTH_TOKEN_CACHE_SECONDS=0)', () => {
    const cache = new VerifiedTokenCache(0, clock);
    cache.remember('token-a', caller('a'), inSeconds(3600));

    expect(cache.enabled).toBe(false);
    expect(cache.callerOf('token-a')).toBeUndefined();
  });

  it('holds at most its capacity, dropping the oldest token first', () => {
    const cache = new VerifiedTokenCache(30_000, clock, 3);
    for (const name of ['a', 'b', 'c', 'd']) cache.remember(`token-${name}`, caller(name), inSeconds(3600));

    expect(cache.callerOf('token-a')).toBeUndefined();
    expect(['b', 'c', 'd'].map((name) => cache.callerOf(`token-${name}`)?.subject)).toEqual(['b', 'c', 'd']);
  });
});
