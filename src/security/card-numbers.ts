import { passesLuhn } from './luhn';

/** Card numbers in use have 13 to 19 digits (ISO/IEC 7812). */
const MIN_PAN_DIGITS = 13;
const MAX_PAN_DIGITS = 19;

// Digits, each followed by up to three characters that are neither letters nor digits: spaces, tabs,
// dashes, dots, slashes, underscores, zero-width and other invisible characters. Letters end a run.
const SEPARATED_DIGITS = /\d(?:[^\p{L}\p{N}]{0,3}\d)*/gu;

/**
 * True when `text` holds a Luhn-valid run of 13-19 digits, whatever separates the digits. Every
 * window of a longer run is checked, so a card number cannot hide inside other digits; a run of more
 * than 64 digits counts as holding one. Full-width and other compatibility digits count as digits (NFKC).
 */
export function containsCardNumber(text: string): boolean {
  return cardNumberRuns(text.normalize('NFKC')).length > 0;
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
  if (digits.length > MAX_CHECKED_RUN) return true;
  for (let length = MIN_PAN_DIGITS; length <= Math.min(MAX_PAN_DIGITS, digits.length); length += 1) {
    for (let start = 0; start + length <= digits.length; start += 1) {
      if (passesLuhn(digits.slice(start, start + length))) return true;
    }
  }
  return false;
}
