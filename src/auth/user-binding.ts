import { canonicalUserId } from '../users/user';
import { UserBindingError } from './auth-errors';
import type { Caller } from './caller';

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
