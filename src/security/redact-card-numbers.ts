import { canonicalDigits, cardNumberRuns } from './card-numbers';

// 12 to 19 digits, optionally split by single spaces, dots or dashes, Luhn-valid or not: every PAN
// length in use, and typos of one. Only other digits may not touch it, so `pan2223…` and
// `card_2223…` are caught too.
const CARD_NUMBER_LIKE = /(?<!\d)\d(?:[ .-]?\d){11,18}(?!\d)/g;
const REDACTED = '[REDACTED PAN]';

/**
 * Replaces anything shaped like a card number, so upstream text can be logged or returned safely:
 * the shape above, and any Luhn-valid 13-19 digit run with any separators (tabs, slashes, several
 * characters, invisible ones) in any script's digits. Text with non-ASCII characters is read in its
 * canonical form (see canonicalDigits), which is what the redacted text is then written in.
 */
export function redactCardNumbers(text: string): string {
  const shaped = canonicalDigits(text).replace(CARD_NUMBER_LIKE, REDACTED);
  const runs = cardNumberRuns(shaped);
  return runs.reduce((redacted, run) => redacted.split(run).join(REDACTED), shaped);
}
