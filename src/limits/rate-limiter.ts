import type { Db } from 'mongodb';
import { detectCapabilities } from '../database/capabilities';
import { RateLimiterMemory, RateLimiterMongo } from 'rate-limiter-flexible';
import type { RateLimits } from '../config/limits-config';
import { RateLimitedError } from './limit-errors';
import { PointReservations } from './point-reservations';

/**
 * Each kind of operation spends its own budget, so a flood of one never blocks the others;
 * `unauthenticated` is spent per client address by requests whose token does not verify.
 */
export type Budget = 'queries' | 'enrollments' | 'updates' | 'deletions' | 'cceReads' | 'unauthenticated';

const WINDOW_SECONDS = 60;
export const RATE_LIMIT_COLLECTION = 'rate_limits';

/**
 * Per-caller budgets per minute, kept in the gateway's own database so that every instance spends
 * the same budget (rate-limiter-flexible's MongoDB store). If the database cannot answer, each
 * instance falls back to an in-memory budget of its own rather than refusing everyone.
 *
 * Units are taken from the shared counter in reservations of 1 % of the budget (1 to 20 units, see
 * PointReservations), so most requests cost no round trip: across instances no caller is ever
 * granted more than its budget in a window, and a caller can be refused early by at most K - 1
 * units per instance per window, the units another instance reserved and has not spent yet.
 */
export class CallerRateLimiter {
  /** Per budget, this instance's reservations on the shared counter. */
  private readonly budgets: Partial<Record<Budget, PointReservations>>;

  constructor(database: Db, limits: RateLimits) {
    const budget = (points: number, keyPrefix: Budget): PointReservations | undefined => {
      if (points === 0) return undefined;
      const limiter = new RateLimiterMongo({
        storeClient: database,
        tableName: RATE_LIMIT_COLLECTION,
        keyPrefix,
        points,
        duration: WINDOW_SECONDS,
        // The indexes are created by ensureIndexes, where a failure is reported, not printed.
        disableIndexesCreation: true,
        insuranceLimiter: new RateLimiterMemory({ keyPrefix, points, duration: WINDOW_SECONDS }),
      });
      return new PointReservations(limiter);
    };
    this.budgets = {
      queries: budget(limits.queriesPerMinute, 'queries'),
      enrollments: budget(limits.enrollmentsPerMinute, 'enrollments'),
      updates: budget(limits.updatesPerMinute, 'updates'),
      deletions: budget(limits.deletionsPerMinute, 'deletions'),
      cceReads: budget(limits.cceReadsPerMinute, 'cceReads'),
      unauthenticated: budget(limits.unauthenticatedPerMinute, 'unauthenticated'),
    };
  }

  /**
   * The unique key keeps one document per caller and budget, which a new window overwrites. Where
   * the server has TTL indexes (MongoDB, not FerretDB v1) it also drops callers who stopped calling.
   */
  static async ensureIndexes(database: Db): Promise<void> {
    const collection = database.collection(RATE_LIMIT_COLLECTION);
    await collection.createIndex({ key: 1 }, { unique: true });
    if ((await detectCapabilities(database)).ttlIndexes) {
      await collection.createIndex({ expire: -1 }, { expireAfterSeconds: 0 });
    }
  }

  /**
   * Spends as many of `points` units as the caller has left, so that a page of reads is served as far
   * as the budget goes. `refusal` stands for the units refused. One reservation, like `consume`: the
   * units it owns are granted even when another instance took the rest meanwhile (the counter then
   * stands past the budget, which only says what is true: nothing is left in this window).
   */
  async consumeUpTo(
    budget: Budget,
    callerKey: string,
    points: number,
  ): Promise<{ granted: number; refusal?: RateLimitedError }> {
    const reservations = this.budgets[budget];
    if (!reservations || points <= 0) return { granted: points };
    const spending = await reservations.spend(callerKey, points, true);
    if (!spending.granted) return { granted: 0, refusal: refusal(budget, spending.msBeforeNext) };
    return spending.points === points
      ? { granted: points }
      : { granted: spending.points, refusal: refusal(budget, spending.msBeforeNext) };
  }

  /**
   * Spends `points` units of `budget` for `callerKey` (a caller, or a client address);
   * RateLimitedError when the minute's budget is gone.
   */
  async consume(budget: Budget, callerKey: string, points = 1): Promise<void> {
    const reservations = this.budgets[budget];
    if (!reservations || points <= 0) return;
    const spending = await reservations.spend(callerKey, points);
    if (!spending.granted) throw refusal(budget, spending.msBeforeNext);
  }
}

function refusal(budget: Budget, msBeforeNext: number): RateLimitedError {
  return new RateLimitedError(budget, Math.max(1, Math.ceil(msBeforeNext / 1000)));
}
