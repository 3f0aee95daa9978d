// 12 to 19 digits, optionally split by single spaces or dashes: every PAN length in use.
const CARD_NUMBER_LIKE = /\b\d(?:[ -]?\d){11,18}\b/g;

/** Replaces anything shaped like a card number, so upstream text can be logged or returned safely. */
export function redactCardNumbers(text: string): string {
  return text.replace(CARD_NUMBER_LIKE, '[REDACTED PAN]');
}
