import { registerDecorator, type ValidationOptions } from 'class-validator';
import { unsafeTextReason, type UnsafeTextReason } from '../../security/safe-text';

const REASONS: Record<UnsafeTextReason, string> = {
  'card-number': 'must not contain a card number',
  'control-character': 'must not contain control characters',
  'lone-surrogate': 'must not contain unpaired surrogates',
};

/**
 * For every free-text property (names, email, locale, address lines, and later updateUser's
 * fields): no card number with or without separators, no control characters, no lone
 * surrogates. The message names the rule, never the value.
 */
export function IsSafeText(options?: ValidationOptions) {
  return (target: object, propertyName: string) =>
    registerDecorator({
      name: 'isSafeText',
      target: target.constructor,
      propertyName,
      options: {
        message: ({ value }) => {
          const reason = typeof value === 'string' ? unsafeTextReason(value) : null;
          return `${propertyName} ${reason ? REASONS[reason] : 'must be text'}`;
        },
        ...options,
      },
      validator: {
        validate: (value: unknown) => typeof value === 'string' && unsafeTextReason(value) === null,
      },
    });
}

/** BCP 47 language tags are at most 35 characters in practice (RFC 5646, section 4.4.1). */
const MAX_LANGUAGE_TAG_LENGTH = 35;

/** A well-formed BCP 47 language tag (e.g. en-US), as `Intl` understands them. */
export function isLanguageTag(value: string): boolean {
  if (value.length > MAX_LANGUAGE_TAG_LENGTH || !/^[A-Za-z0-9-]+$/.test(value)) return false;
  try {
    return Intl.getCanonicalLocales(value).length === 1;
  } catch {
    return false;
  }
}

export function IsLanguageTag(options?: ValidationOptions) {
  return (target: object, propertyName: string) =>
    registerDecorator({
      name: 'isLanguageTag',
      target: target.constructor,
      propertyName,
      options: { message: `${propertyName} must be a BCP 47 language tag, e.g. en-US`, ...options },
      validator: { validate: (value: unknown) => typeof value === 'string' && isLanguageTag(value) },
    });
}
