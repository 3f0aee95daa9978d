import { createHmac } from 'node:crypto';

/**
 * Keyed HMAC-SHA256 over the whole PAN: equal cards give equal fingerprints, and without the key
 * a fingerprint cannot be brute-forced back into a card number (PCI DSS, SECURITY.md).
 */
export class CardFingerprinter {
  constructor(private readonly key: Buffer) {
    if (key.length < 32) throw new Error('the card fingerprint key must be at least 32 bytes');
  }

  fingerprint(cardNumber: string): string {
    return createHmac('sha256', this.key).update(cardNumber, 'utf8').digest('hex');
  }
}
