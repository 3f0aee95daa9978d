import { containsCardNumber } from './card-numbers';

export type UnsafeTextReason = 'card-number' | 'control-character' | 'lone-surrogate';

// C0 and C1 controls and DEL, and invisible format characters: zero-width spaces, soft hyphens, the
// bidirectional overrides and isolates that reorder what a reader sees (Trojan Source). None belongs
// in a name, an email address or a locale; the zero-width (non-)joiners that Persian and Indic names
// need are the exception.
const CONTROL_CHARACTER = /[\p{Cc}\p{Cf}](?<![\u200C\u200D])/u;
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
