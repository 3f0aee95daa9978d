import { createHash } from 'node:crypto';
import type { Caller } from './caller';

/** Enough for every caller of a busy instance; a flood of distinct tokens evicts the oldest. */
const DEFAULT_MAX_ENTRIES = 10_000;

interface Entry {
  readonly caller: Caller;
  /** The key set the token was verified with (see `callerOf`). */
  readonly keySetVersion: unknown;
  /** Epoch milliseconds: the earlier of the cache lifetime and the token's own `exp`. */
  readonly until: number;
}

/**
 * The callers of tokens verified in the last AUTH_TOKEN_CACHE_SECONDS, so that a client sending the
 * same token on every request pays for one signature check per lifetime instead of one per request.
 *
 * Keyed by the SHA-256 of the exact token: a token that differs in any byte (another signature, other
 * claims) is verified anew, and the process never holds bearer tokens beyond the request. An entry
 * never outlives the token's `exp`. Only verified tokens are kept; refusals are never cached.
 */
export class VerifiedTokenCache {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly lifetimeMs: number,
    private readonly now: () => number = Date.now,
    private readonly maxEntries = DEFAULT_MAX_ENTRIES,
  ) {}

  get enabled(): boolean {
    return this.lifetimeMs > 0;
  }

  /**
   * `keySetVersion`: which key set verifies tokens now (a JWKS changes when jose reloads it). An
   * entry verified under another one is verified again, so a key the identity provider removed stops
   * being honoured as soon as the gateway has reloaded the JWKS, cache or not.
   */
  callerOf(token: string, keySetVersion: unknown): Caller | undefined {
    if (!this.enabled) return undefined;
    const key = keyOf(token);
    const entry = this.entries.get(key);
    if (entry === undefined) return undefined;
    if (this.now() < entry.until && entry.keySetVersion === keySetVersion) return entry.caller;
    this.entries.delete(key);
    return undefined;
  }

  /** `expiresAtSeconds`: the token's `exp` claim (required by the verifier). */
  remember(token: string, caller: Caller, expiresAtSeconds: number, keySetVersion: unknown): void {
    if (!this.enabled) return;
    const until = Math.min(this.now() + this.lifetimeMs, expiresAtSeconds * 1000);
    if (until <= this.now()) return;
    if (this.entries.size >= this.maxEntries) {
      // Map iteration follows insertion: the first key is the oldest entry.
      this.entries.delete(this.entries.keys().next().value!);
    }
    this.entries.set(keyOf(token), { caller, keySetVersion, until });
  }
}

function keyOf(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('base64url');
}
