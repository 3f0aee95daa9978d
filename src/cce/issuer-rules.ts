import type { UserProfile } from './contract-types';

// CCE's issuer-level enrollment rules (NOTES.md), shared by the gateway's validation and the sandbox.

/** Fields that become mandatory when the issuer has the Donate feature on. */
export const DONATE_MANDATORY_FIELDS = [
  'name',
  'billingAddress',
  'email',
  'locale',
  'cardholderName',
  'cardNumber',
  'cardBaseCurrency',
  'expiryInfo',
] as const satisfies readonly (keyof UserProfile)[];

export function missingDonateFields(profile: Partial<UserProfile>): (keyof UserProfile)[] {
  return DONATE_MANDATORY_FIELDS.filter((field) => profile[field] === undefined || profile[field] === null);
}

/** `supportedAccountRange` is a comma-separated list of 4-8 digit BIN prefixes. */
export function parseAccountRange(range: string): string[] {
  return range
    .split(',')
    .map((prefix) => prefix.trim())
    .filter((prefix) => prefix.length > 0);
}

export function isInAccountRange(cardNumber: string, prefixes: readonly string[]): boolean {
  return prefixes.some((prefix) => cardNumber.startsWith(prefix));
}
