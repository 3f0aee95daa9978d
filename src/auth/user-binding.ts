import { canonicalUserId } from '../users/user';
import { UserBindingError } from './auth-errors';
import { assertScopes, type Caller } from './caller';
import { SCOPES } from './scopes';

/**
 * A cardholder-facing token (bound to one CCE user) may touch that user only: any other id is
 * refused before the cache or CCE is asked.
 */
export function assertMayAccessUsers(caller: Caller, ids: readonly string[]): void {
  if (caller.boundUserId === null) return;
  if (ids.some((id) => canonicalUserId(id) !== caller.boundUserId)) throw new UserBindingError();
}

/** Enrolling creates another user, which a token bound to one user may not do. */
export function assertNotBound(caller: Caller): void {
  if (caller.boundUserId !== null) throw new UserBindingError();
}

/**
 * A dashboard is the cardholder's own view: a token bound to that cardholder may open it, any other
 * caller needs the users:dashboard scope.
 */
export function assertMayOpenDashboard(caller: Caller, userId: string): void {
  if (caller.boundUserId !== null && caller.boundUserId === canonicalUserId(userId)) return;
  assertScopes(caller, [SCOPES.dashboard]);
}
