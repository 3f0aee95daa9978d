import type { UserProfile } from '../cce/contract-types';
import { isExpired } from '../cce/card-expiry';
import { missingDonateFields } from '../cce/issuer-rules';

export function donateRuleViolations(profile: UserProfile): string[] {
  return missingDonateFields(profile).map((field) => `${field} is mandatory when the Donate feature is on`);
}

/** Semantic checks the schema cannot express: a real month, and a card that has not expired. */
export function expiryViolations(expiry: UserProfile['expiryInfo'], now: Date): string[] {
  if (expiry.month === undefined || expiry.year === undefined) return [];
  const month = Number(expiry.month);
  if (month < 1 || month > 12) return ['expiryInfo.month must be between 01 and 12'];
  return isExpired(Number(expiry.year), month, now) ? ['expiryInfo has expired'] : [];
}
