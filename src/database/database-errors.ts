import {
  MongoNetworkError,
  MongoNotConnectedError,
  MongoServerError,
  MongoServerSelectionError,
  MongoTopologyClosedError,
} from 'mongodb';

/** MongoDB's MaxTimeMSExpired: a query ran past its `maxTimeMS`. */
const MAX_TIME_EXPIRED = 50;

/**
 * The database did not answer (unreachable, stalled past a deadline, or closed): a condition of the
 * service, not a bug, so clients get DATABASE_UNAVAILABLE instead of a masked internal error.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  return (
    error instanceof MongoNetworkError ||
    error instanceof MongoServerSelectionError ||
    error instanceof MongoNotConnectedError ||
    error instanceof MongoTopologyClosedError ||
    (error instanceof MongoServerError && error.code === MAX_TIME_EXPIRED)
  );
}

/** A write refused by a unique index (E11000). */
export function isDuplicateKey(error: unknown): boolean {
  return (error as { code?: number } | null)?.code === 11000;
}
