// 12 to 19 digits, optionally split by single spaces, dots or dashes: every PAN length in use. Only
// other digits may not touch it, so `pan2223…` and `card_2223…` are caught too.
const CARD_NUMBER_LIKE = /(?<!\d)\d(?:[ .-]?\d){11,18}(?!\d)/g;

/** Replaces anything shaped like a card number, so upstream text can be logged or returned safely. */
export function redactCardNumbers(text: string): string {
  return text.replace(CARD_NUMBER_LIKE, '[REDACTED PAN]');
}
