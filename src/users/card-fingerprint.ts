import { createHmac } from 'node:crypto';
import type { KeyRing } from '../config/secret-keys';

/** A card's fingerprint under the newest key, and under every older key still configured. */
export interface CardFingerprints {
  readonly keyId: string;
  readonly current: string;
  /** Fingerprints under the older keys: a card enrolled before a rotation is still a duplicate. */
  readonly older: readonly string[];
}

/**
 * Keyed HMAC-SHA256 over the whole PAN: equal cards give equal fingerprints, and without the key
 * a fingerprint cannot be brute-forced back into a card number (PCI DSS, SECURITY.md). Keys rotate:
 * new cards are fingerprinted with the newest key, stored with its id; duplicates are looked up
 * under every configured key. Old fingerprints cannot be recomputed (the PAN is gone), so a key is
 * retired only once no user depends on it (`npm run keys:fingerprint-usage`).
 */
export class CardFingerprinter {
  constructor(private readonly keys: KeyRing) {
    if (keys.some(({ key }) => key.length < 32))
      throw new Error('card fingerprint keys must be at least 32 bytes');
  }

  fingerprints(cardNumber: string): CardFingerprints {
    const [newest, ...older] = this.keys;
    return {
      keyId: newest.id,
      current: hmac(newest.key, cardNumber),
      older: older.map(({ key }) => hmac(key, cardNumber)),
    };
  }

  get keyIds(): readonly string[] {
    return this.keys.map(({ id }) => id);
  }
}

function hmac(key: Buffer, cardNumber: string): string {
  return createHmac('sha256', key).update(cardNumber, 'utf8').digest('hex');
}
