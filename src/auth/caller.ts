import { MissingScopeError } from './auth-errors';

/** Who is calling, as their verified token says. Built once per request by the context factory. */
export interface Caller {
  /** The token's `sub`. */
  readonly subject: string;
  /** `client_id`, else `azp`: the application the token was issued to. */
  readonly clientId: string | null;
  readonly scopes: ReadonlySet<string>;
  /**
   * Set for cardholder-facing tokens (the configured user binding claim): the caller may read and
   * delete this one CCE user only.
   */
  readonly boundUserId: string | null;
}

/** The caller when authentication is explicitly turned off (AUTH_DISABLED): every scope, no binding. */
export function unauthenticatedCaller(scopes: readonly string[]): Caller {
  return { subject: 'anonymous', clientId: null, scopes: new Set(scopes), boundUserId: null };
}

/** The per-caller key for rate limits and the caller fields of the operation log line. */
export function callerKey(caller: Caller): string {
  return `${caller.clientId ?? '-'}/${caller.subject}`;
}

export function missingScopes(caller: Caller, required: readonly string[]): string[] {
  return required.filter((scope) => !caller.scopes.has(scope));
}

/** MissingScopeError (FORBIDDEN naming them) unless the caller holds every one of `required`. */
export function assertScopes(caller: Caller, required: readonly string[]): void {
  const missing = missingScopes(caller, required);
  if (missing.length > 0) throw new MissingScopeError(missing);
}
