import type { CceEndpoint } from './cce-errors';
import type {
  AggregateCarbonScore,
  Dashboard,
  IssuerConfiguration,
  IssuerProfile,
  IssuerProfileDetails,
  UpdateUserProfile,
  UserProfile,
  UserReference,
} from './contract-types';

/**
 * The one door to CCE: every endpoint the gateway uses. `CceClient` implements it with signing,
 * encryption, metering, a circuit breaker per endpoint and retries where they are safe; services
 * depend on this interface only. Failures are `CceApiError` or `CceUnavailableError`, each with an
 * `outcome` (SENT_REJECTED, NOT_SENT or UNKNOWN).
 */
export interface CcePort {
  /**
   * The longest one attempt may take (the wait for a connection, then its deadline): a request starts
   * a call only with at least this much time left.
   */
  readonly callDeadlineMs: number;
  /**
   * The longest a retried call (every endpoint but enrollment) may take from start to end: each
   * attempt's deadline and the backoff between them. What a hold on a user must outlast.
   */
  readonly retriedCallMs: number;
  getIssuer(): Promise<IssuerProfileDetails>;
  /** PUT /issuers: only the fields given change. Idempotent, so retried after failures. */
  updateIssuer(configuration: IssuerConfiguration): Promise<IssuerProfile>;
  /** Never retried: after a lost answer the card may be enrolled, and CCE has no idempotency key. */
  enrollUser(profile: UserProfile): Promise<UserReference>;
  /**
   * PUT /issuers/users/{userid}, body encrypted like an enrollment. A replacement of name, locale and
   * billing address, hence idempotent and retried after failures.
   */
  updateUser(userId: string, profile: UpdateUserProfile): Promise<UserReference>;
  /** GET /issuers/users/{userid}/aggregate-carbon-scores. Retried after failures. */
  getCarbonScore(userId: string): Promise<AggregateCarbonScore>;
  /**
   * GET /issuers/users/{userid}/dashboards?lang=..., response decrypted with the issuer's decryption
   * key. Without that key nothing is sent: CceDecryptionKeyMissingError (outcome NOT_SENT). The URL
   * carries a bearer token: never log it. Retried after failures (each answer is a new short-lived URL).
   */
  getDashboard(userId: string, lang?: string): Promise<Dashboard>;
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
