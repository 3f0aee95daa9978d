import type { UserProfile } from '../cce/contract-types';
import { containsCardNumber } from '../security/card-numbers';
import { InvalidInputError } from './user-errors';

/** Every free-text field of a profile, in the order a form shows them. */
function freeTextOf(profile: Partial<UserProfile>): string[] {
  const address = profile.billingAddress;
  return [
    profile.name?.firstName,
    profile.name?.lastName,
    profile.cardholderName,
    profile.email?.type,
    profile.email?.value,
    profile.locale,
    address?.type,
    address?.line1,
    address?.line2,
    address?.line3,
    address?.city,
    address?.state,
    address?.postalCode,
    address?.countryCode,
  ].filter((text): text is string => typeof text === 'string');
}

/**
 * Each field is checked on its own by the input rule; this catches a card number split across
 * fields (`firstName: "2223 0554"`, `lastName: "2814 5727"`), which would otherwise be stored in parts.
 */
export function assertNoCardNumberAcrossFields(profile: Partial<UserProfile>): void {
  if (containsCardNumber(freeTextOf(profile).join(' '))) {
    throw new InvalidInputError([
      { path: '', message: 'free-text fields must not hold a card number, even split across fields' },
    ]);
  }
}
