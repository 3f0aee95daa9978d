/** Where the enrollment state machine reports what operators must see (the metrics implement it). */
export interface EnrollmentEvents {
  /** An intent became OUTCOME_UNKNOWN: `request` at a failed call, `sweep` when found abandoned. */
  outcomeUnknown(source: 'request' | 'sweep', count: number): void;
  /** The number of OUTCOME_UNKNOWN intents waiting for an operator, as of the last maintenance run. */
  unknownOutcomesWaiting(count: number): void;
}

export const IGNORE_ENROLLMENT_EVENTS: EnrollmentEvents = {
  outcomeUnknown: () => undefined,
  unknownOutcomesWaiting: () => undefined,
};
