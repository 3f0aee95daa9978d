import type { CceEndpoint, CceOutcome } from '../cce/cce-errors';

/** What a failed CCE call means for the caller, per operation: enrolling and deleting differ. */
const UPSTREAM_MESSAGES: Record<CceEndpoint, Record<CceOutcome, string>> = {
  enrollUser: {
    SENT_REJECTED: 'CCE failed to process the enrollment; nothing was enrolled. Try again later.',
    NOT_SENT: 'CCE is unavailable; the enrollment was not sent and nothing changed. Try again later.',
    // SECURITY.md: never retry an enrollment blindly. The intent is kept for operators.
    UNKNOWN:
      'CCE gave no usable answer, so whether it enrolled the card is unknown. The enrollment is kept as ' +
      'OUTCOME_UNKNOWN for an operator to resolve; until then this card is refused as DUPLICATE_CARD.',
  },
  deleteUsers: {
    SENT_REJECTED: 'CCE failed to process the deletion; nothing was deleted. Try again later.',
    NOT_SENT: 'CCE is unavailable; the deletion was not sent and nothing changed. Try again later.',
    UNKNOWN:
      'CCE gave no usable answer, so these users may or may not be deleted. Deleting them again is safe.',
  },
  getIssuer: {
    SENT_REJECTED: 'CCE failed to answer the issuer profile. Try again later.',
    NOT_SENT: 'CCE is unavailable; the issuer profile was not requested. Try again later.',
    UNKNOWN: 'CCE gave no usable answer for the issuer profile. Try again later.',
  },
};

export function upstreamMessage(endpoint: CceEndpoint, outcome: CceOutcome): string {
  return UPSTREAM_MESSAGES[endpoint][outcome];
}
