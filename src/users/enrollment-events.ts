/** Where the enrollment state machine reports what operators must see (the metrics implement it). */
export interface EnrollmentEvents {
  /** An intent became OUTCOME_UNKNOWN: `request` at a failed call, `sweep` when found abandoned. */
  outcomeUnknown(source: 'request' | 'sweep', count: number): void;
  /** The number of OUTCOME_UNKNOWN intents waiting for an operator, as of the last maintenance run. */
  unknownOutcomesWaiting(count: number): void;
  /** This instance's journal after a maintenance run: what still waits, and what needs an operator. */
  journalState(state: JournalState): void;
  /** A completion CCE accepted could not be journaled (a full or read-only disk, say). */
  journalAppendFailed(): void;
}

export interface JournalState {
  /** Completions waiting for the database. */
  readonly pending: number;
  /** Completions without an intent in the cache (`<journal>.dead-letter`). */
  readonly deadLetters: number;
  /** Lines that could not be read (`<journal>.corrupt`). */
  readonly corruptLines: number;
}

export const IGNORE_ENROLLMENT_EVENTS: EnrollmentEvents = {
  outcomeUnknown: () => undefined,
  unknownOutcomesWaiting: () => undefined,
  journalState: () => undefined,
  journalAppendFailed: () => undefined,
};
