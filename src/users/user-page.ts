import type { User, UserStatus } from './user';

export interface UserFilter {
  /** Default: ACTIVE only; users being deleted leave the default listing. */
  status?: UserStatus;
  /** One user only: set for callers whose token is bound to a cardholder. */
  userId?: string;
  email?: string;
  cardLast4?: string;
  enrolledAfter?: Date;
  enrolledBefore?: Date;
  /** false: users whose profile at CCE misses a Donate field (absent counts as missing). */
  donateProfileComplete?: boolean;
  /** A condition no user can meet (e.g. needing re-registration while Donate is off). */
  matchesNobody?: true;
}

export interface UserPageRequest {
  filter: UserFilter;
  first: number;
  after?: string;
}

export interface UserPage {
  users: { user: User; cursor: string }[];
  hasNextPage: boolean;
}

export const MAX_PAGE_SIZE = 100;
/** The page size when `first` is not given. */
export const DEFAULT_PAGE_SIZE = 20;

/** Where a page starts: after this (enrolledAt, userId) in newest-first order. */
export interface PagePosition {
  enrolledAt: Date;
  userId: string;
}

export class InvalidCursorError extends Error {
  constructor() {
    super('The cursor is not one this API returned');
    this.name = 'InvalidCursorError';
  }
}

// Cursors are opaque to clients; inside, the sort key of the last row seen.
export function encodeCursor(position: PagePosition): string {
  return Buffer.from(JSON.stringify([position.enrolledAt.getTime(), position.userId])).toString('base64url');
}

export function decodeCursor(cursor: string): PagePosition {
  try {
    const [time, userId] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown[];
    // A safe integer may still lie outside the dates JavaScript can hold (±8.64e15 ms).
    const enrolledAt = typeof time === 'number' && Number.isSafeInteger(time) ? new Date(time) : undefined;
    if (enrolledAt && !Number.isNaN(enrolledAt.getTime()) && typeof userId === 'string') {
      return { enrolledAt, userId };
    }
  } catch {
    // fall through to the typed error
  }
  throw new InvalidCursorError();
}
