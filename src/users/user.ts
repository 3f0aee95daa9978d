import { InvalidInputError } from './user-errors';

export const USER_STATUSES = ['ACTIVE', 'DELETION_PENDING', 'DELETED'] as const;
export type UserStatus = (typeof USER_STATUSES)[number];

/** CCE scores the last 12 months about 24 h after enrollment, and completes deletions within 24 h. */
export const CCE_PROCESSING_WINDOW_MS = 24 * 60 * 60 * 1000;

/** A cardholder as the cache knows them. Never holds more of the card than its last four digits. */
export interface User {
  readonly id: string;
  readonly email: { readonly type: string | null; readonly value: string | null } | null;
  readonly name: { readonly firstName: string; readonly lastName: string } | null;
  readonly locale: string | null;
  readonly cardholderName: string;
  readonly cardLast4: string;
  readonly cardBaseCurrency: string;
  readonly status: UserStatus;
  readonly enrolledAt: Date;
  /** enrolledAt + 24 h: when CCE has scored the last 12 months of the card's transactions. */
  readonly carbonScoreAvailableAt: Date;
  readonly deletionRequestedAt: Date | null;
  /**
   * The profile CCE holds satisfies the Donate rule (name, billing address, email and locale given,
   * besides what enrollment always needs): recorded at enrollment and at each update.
   */
  readonly donateProfileComplete: boolean;
}

export function carbonScoreAvailableAt(enrolledAt: Date): Date {
  return new Date(enrolledAt.getTime() + CCE_PROCESSING_WINDOW_MS);
}

/** The contract's UserID: 36 characters of hex digits and dashes. */
const USER_ID = /^[0-9A-Fa-f-]{36}$/;

export const USER_ID_RULE = 'must be a CCE user id: 36 hex digits and dashes';

export function isUserId(id: string): boolean {
  return USER_ID.test(id);
}

/** Refuses a malformed id as BAD_USER_INPUT at `path`, as deleteUsers does, before any lookup. */
export function assertUserId(id: string, path: string): void {
  if (!isUserId(id)) throw new InvalidInputError([{ path, message: USER_ID_RULE }]);
}

/** CCE user ids are UUIDs; the cache keeps and compares them in lower case. */
export function canonicalUserId(id: string): string {
  return id.toLowerCase();
}
