/**
 * No usable credentials. What was wrong (expired, wrong issuer, bad signature...) stays in `reason`
 * for the log: clients only ever learn the code, never a hint.
 */
export class UnauthenticatedError extends Error {
  constructor(readonly reason: string) {
    super('Authentication required');
    this.name = 'UnauthenticatedError';
  }
}

/** The caller is known but lacks the scopes this operation or field needs. */
export class MissingScopeError extends Error {
  constructor(readonly scopes: readonly string[]) {
    super(`Missing scope: ${scopes.join(', ')}`);
    this.name = 'MissingScopeError';
  }
}

/** A token bound to one cardholder asked for another user. */
export class UserBindingError extends Error {
  constructor() {
    super('This token may only access the user it is bound to');
    this.name = 'UserBindingError';
  }
}
