import type { CceErrorEntry } from './contract-types';
import { redactCardNumbers } from '../security/redact-card-numbers';

export type CceEndpoint =
  | 'getIssuer'
  | 'updateIssuer'
  | 'enrollUser'
  | 'updateUser'
  | 'getCarbonScore'
  | 'getDashboard'
  | 'deleteUsers';

export const CCE_ENDPOINTS: readonly CceEndpoint[] = [
  'getIssuer',
  'updateIssuer',
  'enrollUser',
  'updateUser',
  'getCarbonScore',
  'getDashboard',
  'deleteUsers',
];

/**
 * What a failed call did at CCE, as far as the gateway can know: CCE answered with a refusal
 * (SENT_REJECTED), the request never left the gateway (NOT_SENT), or it left and no usable answer
 * came back, so CCE may have acted (UNKNOWN).
 */
export type CceOutcome = 'SENT_REJECTED' | 'NOT_SENT' | 'UNKNOWN';

/**
 * CCE answered with an ErrorWrapper. Carries the first error's fields (the ones callers branch on)
 * and all of them. Upstream text passes through card-number redaction before it is kept.
 */
export class CceApiError extends Error {
  /**
   * A 4xx is CCE's refusal. A 5xx (which the contract does not document) may come from Mastercard's
   * API gateway after the service behind it acted: the outcome is unknown, never "nothing happened".
   */
  readonly outcome: CceOutcome;
  readonly reasonCode: string;
  readonly source: string;
  readonly description: string;
  readonly details: string | undefined;
  readonly recoverable: boolean;
  readonly errors: readonly CceErrorEntry[];

  constructor(
    readonly endpoint: CceEndpoint,
    readonly status: number,
    errors: readonly CceErrorEntry[],
  ) {
    const safe = errors.map(redactEntry);
    const first = safe[0] ?? {
      Source: 'unknown',
      ReasonCode: 'UNKNOWN',
      Description: 'CCE returned an empty error list',
      Recoverable: false,
    };
    super(`CCE ${endpoint} failed with HTTP ${status} ${first.ReasonCode}: ${first.Description}`);
    this.name = 'CceApiError';
    this.outcome = status >= 500 ? 'UNKNOWN' : 'SENT_REJECTED';
    this.reasonCode = first.ReasonCode;
    this.source = first.Source;
    this.description = first.Description;
    this.details = first.Details;
    this.recoverable = first.Recoverable;
    this.errors = safe;
  }
}

/**
 * `connect-failed` and `circuit-open` happen before a byte is sent; `timeout`, `network` (a
 * connection lost after sending) and `unexpected-response` happen after.
 */
export type CceUnavailableReason =
  'timeout' | 'network' | 'unexpected-response' | 'connect-failed' | 'circuit-open' | 'saturated';

/** `saturated`: the gateway's own connection pool stayed busy, so the call never left. */
const NOT_SENT_REASONS: readonly CceUnavailableReason[] = ['connect-failed', 'circuit-open', 'saturated'];

/** CCE could not be reached, did not answer in time, or answered outside the contract. */
export class CceUnavailableError extends Error {
  readonly outcome: CceOutcome;

  constructor(
    readonly endpoint: CceEndpoint,
    readonly reason: CceUnavailableReason,
    detail: string,
    readonly status?: number,
  ) {
    super(`CCE ${endpoint} unavailable (${reason}): ${redactCardNumbers(detail)}`);
    this.name = 'CceUnavailableError';
    this.outcome = NOT_SENT_REASONS.includes(reason) ? 'NOT_SENT' : 'UNKNOWN';
  }
}

function redactEntry(entry: CceErrorEntry): CceErrorEntry {
  return {
    ...entry,
    Source: redactCardNumbers(String(entry.Source)),
    ReasonCode: redactCardNumbers(String(entry.ReasonCode)),
    Description: redactCardNumbers(entry.Description),
    ...(entry.Details === undefined ? {} : { Details: redactCardNumbers(entry.Details) }),
  };
}

/**
 * CCE itself failed or could not be reached: what a circuit breaker counts and a safe retry retries.
 * Not: an open breaker or a busy pool (the gateway's own state), nor a success answer the gateway
 * cannot read (a wrong decryption key, a changed format): asking again would only repeat it.
 */
export function isUpstreamFailure(error: unknown): boolean {
  if (error instanceof CceApiError) return error.status >= 500;
  if (!(error instanceof CceUnavailableError)) return false;
  if (error.reason === 'circuit-open' || error.reason === 'saturated') return false;
  return !(error.reason === 'unexpected-response' && error.status !== undefined && error.status < 300);
}

/** GET .../dashboards answers encrypted: without CCE_DECRYPTION_KEY_FILE the gateway cannot read it. */
export class CceDecryptionKeyMissingError extends Error {
  readonly outcome: CceOutcome = 'NOT_SENT';
  constructor() {
    // Clients learn that dashboards are not set up; which variable is missing is for the operator (README).
    super('Dashboards are not configured on this gateway; nothing was sent to CCE.');
    this.name = 'CceDecryptionKeyMissingError';
  }
}
