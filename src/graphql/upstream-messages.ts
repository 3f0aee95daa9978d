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
  updateUser: {
    SENT_REJECTED: "CCE failed to process the update; the user's details did not change. Try again later.",
    NOT_SENT: 'CCE is unavailable; the update was not sent and nothing changed. Try again later.',
    UNKNOWN:
      'CCE gave no usable answer, so whether the update was applied is unknown. Sending the same update again is safe.',
  },
  getCarbonScore: {
    SENT_REJECTED: 'CCE failed to answer the carbon score. Try again later.',
    NOT_SENT: 'CCE is unavailable; the carbon score was not requested. Try again later.',
    UNKNOWN: 'CCE gave no usable answer for the carbon score. Try again later.',
  },
  getDashboard: {
    SENT_REJECTED: 'CCE failed to answer the dashboard. Try again later.',
    NOT_SENT: 'CCE is unavailable; the dashboard was not requested. Try again later.',
    UNKNOWN: 'CCE gave no usable answer for the dashboard. Try again later.',
  },
  updateIssuer: {
    SENT_REJECTED: "CCE failed to process the issuer update; the issuer's configuration did not change.",
    NOT_SENT: 'CCE is unavailable; the issuer update was not sent and nothing changed. Try again later.',
    UNKNOWN:
      'CCE gave no usable answer, so whether the issuer update was applied is unknown. Sending it again is safe.',
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
