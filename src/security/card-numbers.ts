import { passesLuhn } from './luhn';

/** Card numbers in use have 13 to 19 digits (ISO/IEC 7812). */
const MIN_PAN_DIGITS = 13;
const MAX_PAN_DIGITS = 19;

// Digits separated by any number of characters that are neither letters nor digits: spaces, tabs,
// dashes, dots, slashes, underscores, commas. Letters end a run.
const SEPARATED_DIGITS = /\d(?:[^\p{L}\p{N}]*\d)*/gu;

// Format characters (zero-width spaces, soft hyphens, joiners, bidi marks) and combining marks (accents,
// variation selectors) are invisible between digits: they are dropped before looking for runs.
const INVISIBLE = /[\p{Cf}\p{Mn}\p{Me}]/gu;
const DECIMAL_DIGIT = /\p{Nd}/u;
const NON_ASCII = /[\u0080-\u{10FFFF}]/u;

/**
 * Every decimal digit of every script (Arabic-Indic, Devanagari, Thai, mathematical...) with its
 * value. Unicode encodes each script's digits as a contiguous 0-9 sequence, so a digit's value is its
 * distance from the start of its run of digits, modulo 10.
 */
const DIGIT_VALUES: ReadonlyMap<string, string> = (() => {
  const values = new Map<string, string>();
  let runStart = -1;
  for (let codePoint = 0x80; codePoint <= 0x1ffff; codePoint += 1) {
    const char = String.fromCodePoint(codePoint);
    if (!DECIMAL_DIGIT.test(char)) {
      runStart = -1;
      continue;
    }
    if (runStart < 0) runStart = codePoint;
    values.set(char, String((codePoint - runStart) % 10));
  }
  return values;
})();

/**
 * The text as a reader of its digits would see it: compatibility forms folded (NFKC), invisible
 * characters dropped, and every script's decimal digits written as ASCII digits.
 */
export function canonicalDigits(text: string): string {
  if (!NON_ASCII.test(text)) return text;
  return [...text.normalize('NFKC').replace(INVISIBLE, '')]
    .map((char) => DIGIT_VALUES.get(char) ?? char)
    .join('');
}

/**
 * True when `text` holds a Luhn-valid run of 13-19 digits, whatever separates the digits and
 * whatever script writes them. Every window of a longer run is checked, so a card number cannot hide
 * inside other digits; a run of more than 64 digits counts as holding one.
 */
export function containsCardNumber(text: string): boolean {
  return cardNumberRuns(canonicalDigits(text)).length > 0;
}

/** The digit runs of `text` (as matched, separators included) that hold a Luhn-valid 13-19 digit window. */
export function cardNumberRuns(text: string): string[] {
  return [...text.matchAll(SEPARATED_DIGITS)]
    .map((match) => match[0])
    .filter((run) => hasLuhnValidWindow(run.replace(/\D/g, '')));
}

/** Longer runs are treated as holding a card number without checking every window (bounded work). */
const MAX_CHECKED_RUN = 64;

function hasLuhnValidWindow(digits: string): boolean {
  if (digits.length < MIN_PAN_DIGITS) return false;
  if (digits.length > MAX_CHECKED_RUN) return true;
  for (let length = MIN_PAN_DIGITS; length <= Math.min(MAX_PAN_DIGITS, digits.length); length += 1) {
    for (let start = 0; start + length <= digits.length; start += 1) {
      if (passesLuhn(digits.slice(start, start + length))) return true;
    }
  }
  return false;
}
