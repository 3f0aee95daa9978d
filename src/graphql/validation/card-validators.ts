import { isExpired } from '../../cce/card-expiry';
import { registerDecorator, type ValidationOptions } from 'class-validator';
import { passesLuhn } from '../../security/luhn';

/** The card number's check digit is right (ISO/IEC 7812 Luhn). */
export function IsLuhnValid(options?: ValidationOptions) {
  return (target: object, propertyName: string) =>
    registerDecorator({
      name: 'isLuhnValid',
      target: target.constructor,
      propertyName,
      options: { message: `${propertyName} is not a valid card number (check digit)`, ...options },
      validator: {
        validate: (value: unknown) => typeof value === 'string' && /^\d+$/.test(value) && passesLuhn(value),
      },
    });
}

/** For an `{ month: 'MM', year: 'YYYY' }` property: the card is still valid this month. */
export function IsNotExpired(now: () => Date = () => new Date(), options?: ValidationOptions) {
  return (target: object, propertyName: string) =>
    registerDecorator({
      name: 'isNotExpired',
      target: target.constructor,
      propertyName,
      options: { message: `${propertyName} is in the past: the card has expired`, ...options },
      validator: {
        validate: (value: unknown) => {
          const { month, year } = (value ?? {}) as { month?: unknown; year?: unknown };
          if (typeof month !== 'string' || typeof year !== 'string') return true; // the fields' own rules report it
          return !isExpired(Number(year), Number(month), now());
        },
      },
    });
}
