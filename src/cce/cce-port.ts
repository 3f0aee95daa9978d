import type { CceEndpoint } from './cce-errors';
import type { IssuerProfileDetails, UserProfile, UserReference } from './contract-types';

/**
 * The one door to CCE: every endpoint the gateway uses. `CceClient` implements it with signing,
 * encryption, metering, a circuit breaker per endpoint and retries where they are safe; services
 * depend on this interface only. Failures are `CceApiError` or `CceUnavailableError`, each with an
 * `outcome` (SENT_REJECTED, NOT_SENT or UNKNOWN).
 */
export interface CcePort {
  /** The longest one call may take: a request starts a call only with at least this much time left. */
  readonly callDeadlineMs: number;
  getIssuer(): Promise<IssuerProfileDetails>;
  /** Never retried: after a lost answer the card may be enrolled, and CCE has no idempotency key. */
  enrollUser(profile: UserProfile): Promise<UserReference>;
  /** Takes 1..500 ids; returns those CCE accepted. Idempotent, so retried after failures. */
  deleteUsers(userIds: readonly string[]): Promise<string[]>;
}

export type CceBreakerState = 'closed' | 'open' | 'half-open';

/** Receives every call's result and every breaker transition (the gateway's metrics implement it). */
export interface CceCallObserver {
  /** `status`: the HTTP status, `timeout`, `network`, `connect-failed`, or `circuit_open` (not called). */
  cceCallCompleted(endpoint: CceEndpoint, status: string, seconds: number): void;
  cceBreakerStateChanged(endpoint: CceEndpoint, state: CceBreakerState): void;
}
