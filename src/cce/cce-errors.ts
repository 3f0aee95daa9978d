import type { CceErrorEntry } from './contract-types';
import { redactCardNumbers } from '../security/redact-card-numbers';

export type CceEndpoint = 'getIssuer' | 'enrollUser' | 'deleteUsers';

/**
 * CCE answered with an ErrorWrapper. Carries the first error's fields (the ones callers branch on)
 * and all of them. Upstream text passes through card-number redaction before it is kept.
 */
export class CceApiError extends Error {
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
    this.reasonCode = first.ReasonCode;
    this.source = first.Source;
    this.description = first.Description;
    this.details = first.Details;
    this.recoverable = first.Recoverable;
    this.errors = safe;
  }
}

export type CceUnavailableReason = 'timeout' | 'network' | 'unexpected-response';

/** CCE could not be reached, did not answer in time, or answered outside the contract. */
export class CceUnavailableError extends Error {
  constructor(
    readonly endpoint: CceEndpoint,
    readonly reason: CceUnavailableReason,
    detail: string,
    readonly status?: number,
  ) {
    super(`CCE ${endpoint} unavailable (${reason}): ${redactCardNumbers(detail)}`);
    this.name = 'CceUnavailableError';
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
