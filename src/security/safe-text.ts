import { containsCardNumber } from './card-numbers';

export type UnsafeTextReason = 'card-number' | 'control-character' | 'lone-surrogate';

// C0 and C1 controls and DEL, plus the bidirectional overrides and isolates that reorder what a
// reader sees (Trojan Source): none belongs in a name, an email address or a locale.
const CONTROL_CHARACTER = /[\p{Cc}\u202A-\u202E\u2066-\u2069]/u;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * Why free text (a name, an email address, a locale, an address line) may not be stored, or null.
 * A card number pasted into such a field would otherwise end up in the database, logs and backups.
 */
export function unsafeTextReason(text: string): UnsafeTextReason | null {
  if (LONE_SURROGATE.test(text)) return 'lone-surrogate';
  if (CONTROL_CHARACTER.test(text)) return 'control-character';
  if (containsCardNumber(text)) return 'card-number';
  return null;
}
