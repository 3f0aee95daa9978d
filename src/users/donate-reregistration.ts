import type { User } from './user';
import type { UserFilter } from './user-page';

// The Enroll User use case: an issuer that turns Donate on after enrolling users with it off must take
// every current user through registration again, since Donate needs name, billing address, email and
// locale, which those enrollments may have left out. updateUser with the missing fields completes one.

/** The user must give CCE the Donate fields again before Donate works for them. */
export function reregistrationRequired(
  user: Pick<User, 'status' | 'donateProfileComplete'>,
  donateEnabled: boolean,
): boolean {
  return donateEnabled && user.status === 'ACTIVE' && !user.donateProfileComplete;
}

/**
 * The listing condition for `reregistrationRequired: wanted`. With Donate off nobody needs it, so
 * `true` matches nobody and `false` everybody.
 */
export function reregistrationCondition(
  wanted: boolean,
  donateEnabled: boolean,
): Pick<UserFilter, 'donateProfileComplete' | 'matchesNobody'> {
  if (!donateEnabled) return wanted ? { matchesNobody: true } : {};
  return { donateProfileComplete: !wanted };
}
