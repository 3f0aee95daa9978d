import type { UserProfile } from '../cce/contract-types';

/** Fields that become mandatory when the issuer has the Donate feature on (NOTES.md). */
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

export function donateRuleViolations(profile: UserProfile): string[] {
  return DONATE_MANDATORY_FIELDS.filter((field) => profile[field] === undefined).map(
    (field) => `${field} is mandatory when the Donate feature is on`,
  );
}

/** Semantic checks the schema cannot express: a real month, and a card that has not expired. */
export function expiryViolations(expiry: UserProfile['expiryInfo'], now: Date): string[] {
  if (expiry.month === undefined || expiry.year === undefined) return [];
  const month = Number(expiry.month);
  if (month < 1 || month > 12) return ['expiryInfo.month must be between 01 and 12'];
  const expiryIndex = Number(expiry.year) * 12 + (month - 1);
  const currentIndex = now.getUTCFullYear() * 12 + now.getUTCMonth();
  return expiryIndex < currentIndex ? ['expiryInfo has expired'] : [];
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
