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

/**
 * preferredTheme values, from CCE's documented refusals of PUT /issuers: a setting named `...Color` is
 * a hex colour (#RRGGBB), one named `...FontSize` is in pixels (e.g. 15px).
 */
export function isThemeColour(value: string): boolean {
  return /^#[0-9A-Fa-f]{6}$/.test(value);
}

export function isThemePixelSize(value: string): boolean {
  return /^\d{1,3}px$/.test(value);
}
