import type { UserProfile } from '../../src/cce/contract-types';
import type { EnrollUserInput } from '../generated/operations';

/** A profile both CCE (`UserProfile`) and the gateway's `enrollUser` (`EnrollUserInput`) accept. */
export type Enrollment = UserProfile & EnrollUserInput;

/** Mastercard's public sandbox test card (NOTES.md); inside the default sandbox issuer's range. */
export const TEST_CARD = '2223006448842520';

// A random starting serial per process, so parallel test files and benchmark runs never collide.
let cardSerial = Math.floor(Math.random() * 1e8);

/** A fresh, Luhn-valid 16-digit card number under an accepted BIN, so tests never collide on duplicates. */
export function aCardNumber(prefix = '222300'): string {
  cardSerial += 1;
  return cardNumber(prefix, cardSerial);
}

/** The Luhn-valid 16-digit card `prefix` + zero-padded `serial` + check digit. */
export function cardNumber(prefix: string, serial: number): string {
  const body = `${prefix}${String(serial)
    .padStart(15 - prefix.length, '0')
    .slice(-(15 - prefix.length))}`;
  return `${body}${luhnCheckDigit(body)}`;
}

// Written independently of the gateway's Luhn validator, so that a bug there cannot vouch for itself.
export function luhnCheckDigit(body: string): number {
  let sum = 0;
  for (let i = 0; i < body.length; i += 1) {
    let digit = Number(body[body.length - 1 - i]);
    if (i % 2 === 0) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return (10 - (sum % 10)) % 10;
}

/** A complete enrollment (every Donate field present) with a fresh card; override what a test is about. */
export function anEnrollment(overrides?: Partial<Enrollment>): Enrollment;
/** With overrides only CCE's contract allows (the gateway's schema is stricter), for adapter and sandbox tests. */
export function anEnrollment(overrides: Partial<UserProfile>): UserProfile;
export function anEnrollment(overrides: Partial<UserProfile> = {}): UserProfile {
  return {
    email: { type: 'home', value: 'jane.doe@example.com' },
    name: { firstName: 'Jane', lastName: 'Doe' },
    cardholderName: 'Jane Doe',
    cardNumber: aCardNumber(),
    cardBaseCurrency: 'USD',
    expiryInfo: { month: '01', year: '2039' },
    billingAddress: {
      countryCode: 'USA',
      type: 'home',
      line1: '83 Mayfair Street',
      city: 'Brooklyn',
      state: 'New York',
      postalCode: '11746',
    },
    locale: 'en-US',
    ...overrides,
  };
}
