/** GraphQL nulls become absent fields: CCE's schemas have no nullable properties. */
export function withoutNulls<T>(input: object): T {
  return JSON.parse(
    JSON.stringify(input, (_key, value: unknown) => (value === null ? undefined : value)),
  ) as T;
}
