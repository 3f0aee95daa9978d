import { validate, type ValidationError, type ValidatorOptions } from 'class-validator';
import type { ValidatorFn } from 'type-graphql';
import { InvalidInputError, type FieldProblem } from '../../users/user-errors';

// type-graphql's defaults, plus error objects without `target` and `value`: the submitted input
// (a card number) must never travel back in errors (SECURITY.md).
const VALIDATOR_OPTIONS: ValidatorOptions = {
  skipMissingProperties: true,
  forbidUnknownValues: false,
  validationError: { target: false, value: false },
};

/**
 * class-validator for one argument, reporting problems under the argument's name
 * (`input.expiryInfo.month`), the same paths the services' own checks use.
 */
export function validateArgument(argument: string): ValidatorFn {
  return async (value) => {
    if (value === null || typeof value !== 'object') return;
    const errors = await validate(value, VALIDATOR_OPTIONS);
    if (errors.length > 0) throw new InvalidInputError(flattenValidationErrors(errors, argument));
  };
}

export function flattenValidationErrors(errors: readonly ValidationError[], prefix: string): FieldProblem[] {
  return errors.flatMap((error) => {
    const path = prefix ? `${prefix}.${error.property}` : error.property;
    const own = Object.values(error.constraints ?? {}).map((message) => ({ path, message }));
    return [...own, ...flattenValidationErrors(error.children ?? [], path)];
  });
}
