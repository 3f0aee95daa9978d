import { InvalidInputError } from '../../users/user-errors';

/** Services name fields relative to what they were given; clients see them under the argument's name. */
export async function underArgument<T>(argument: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (error instanceof InvalidInputError) {
      throw new InvalidInputError(
        error.problems.map((p) => ({ ...p, path: p.path === '' ? argument : `${argument}.${p.path}` })),
      );
    }
    throw error;
  }
}
