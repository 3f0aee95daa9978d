/**
 * The scopes a caller's token may carry (`scope` string or `scp` array). Each GraphQL operation and
 * each personal-data field names the one it needs; nothing is readable without one.
 */
export const SCOPES = {
  /** users, user, and a user's card last four, status, dates and carbon score. */
  read: 'users:read',
  /** email, name, cardholderName and locale. */
  readPii: 'users:read_pii',
  enroll: 'users:enroll',
  /** updateUser: a cardholder's name, locale and billing address at CCE. */
  update: 'users:update',
  delete: 'users:delete',
  /** User.dashboard for any user (a token bound to a cardholder reads its own without it). */
  dashboard: 'users:dashboard',
  /** The issuer's CCE profile (`issuer`). */
  issuerRead: 'issuer:read',
  /** updateIssuer: the issuer's CCE configuration (account range, URLs, theme). */
  issuerAdmin: 'issuer:admin',
} as const;

export type Scope = (typeof SCOPES)[keyof typeof SCOPES];

export const ALL_SCOPES: readonly Scope[] = Object.values(SCOPES);
