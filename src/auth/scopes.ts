/**
 * The scopes a caller's token may carry (`scope` string or `scp` array). Each GraphQL operation and
 * each personal-data field names the one it needs; nothing is readable without one.
 */
export const SCOPES = {
  /** users, user, and a user's card last four, status and dates. */
  read: 'users:read',
  /** email, name, cardholderName and locale. */
  readPii: 'users:read_pii',
  enroll: 'users:enroll',
  delete: 'users:delete',
} as const;

export type Scope = (typeof SCOPES)[keyof typeof SCOPES];

export const ALL_SCOPES: readonly Scope[] = Object.values(SCOPES);
