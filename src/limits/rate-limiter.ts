import type { Db } from 'mongodb';
import { detectCapabilities } from '../database/capabilities';
import { RateLimiterMemory, RateLimiterMongo, RateLimiterRes } from 'rate-limiter-flexible';
import type { RateLimits } from '../config/limits-config';
import { RateLimitedError } from './limit-errors';

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
 */
export class CallerRateLimiter {
  private readonly limiters: Partial<Record<Budget, RateLimiterMongo>>;

  constructor(database: Db, limits: RateLimits) {
    const budget = (points: number, keyPrefix: Budget) =>
      points === 0
        ? undefined
        : new RateLimiterMongo({
            storeClient: database,
            tableName: RATE_LIMIT_COLLECTION,
            keyPrefix,
            points,
            duration: WINDOW_SECONDS,
            // The indexes are created by ensureIndexes, where a failure is reported, not printed.
            disableIndexesCreation: true,
            insuranceLimiter: new RateLimiterMemory({ keyPrefix, points, duration: WINDOW_SECONDS }),
          });
    this.limiters = {
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
   * as the budget goes, and nothing is charged for calls that are not made. `refusal` stands for the
   * units refused. Falls back to all-or-nothing when the store cannot say what is left.
   */
  async consumeUpTo(
    budget: Budget,
    callerKey: string,
    points: number,
  ): Promise<{ granted: number; refusal?: RateLimitedError }> {
    const limiter = this.limiters[budget];
    if (!limiter || points <= 0) return { granted: points };
    const state = await limiter.get(callerKey).catch(() => undefined);
    const left = state === undefined ? points : Math.max(0, limiter.points - (state?.consumedPoints ?? 0));
    const refusal = (msBeforeNext: number) =>
      new RateLimitedError(budget, Math.max(1, Math.ceil(msBeforeNext / 1000)));
    if (left === 0) return { granted: 0, refusal: refusal(state?.msBeforeNext ?? 1000) };
    const granted = Math.min(points, left);
    try {
      await this.consume(budget, callerKey, granted);
    } catch (error) {
      if (error instanceof RateLimitedError) return { granted: 0, refusal: error };
      throw error;
    }
    return granted === points ? { granted } : { granted, refusal: refusal(state?.msBeforeNext ?? 1000) };
  }

  /**
   * Spends `points` units of `budget` for `callerKey` (a caller, or a client address);
   * RateLimitedError when the minute's budget is gone.
   */
  async consume(budget: Budget, callerKey: string, points = 1): Promise<void> {
    const limiter = this.limiters[budget];
    if (!limiter || points <= 0) return;
    try {
      await limiter.consume(callerKey, points);
    } catch (rejection) {
      if (rejection instanceof RateLimiterRes) {
        throw new RateLimitedError(budget, Math.max(1, Math.ceil(rejection.msBeforeNext / 1000)));
      }
      throw rejection;
    }
  }
}
