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

/** A budget's shared counter, and this instance's reservations on it. */
interface BudgetCounter {
  readonly limiter: RateLimiterMongo;
  readonly reservations: PointReservations;
}

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
  private readonly budgets: Partial<Record<Budget, BudgetCounter>>;

  constructor(database: Db, limits: RateLimits) {
    const budget = (points: number, keyPrefix: Budget): BudgetCounter | undefined => {
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
      return { limiter, reservations: new PointReservations(limiter) };
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
   * as the budget goes, and nothing is charged for calls that are not made. `refusal` stands for the
   * units refused. Falls back to all-or-nothing when the store cannot say what is left.
   */
  async consumeUpTo(
    budget: Budget,
    callerKey: string,
    points: number,
  ): Promise<{ granted: number; refusal?: RateLimitedError }> {
    const counter = this.budgets[budget];
    if (!counter || points <= 0) return { granted: points };
    const { left, msBeforeNext } = await unitsLeft(counter, callerKey, points);
    if (left === 0) return { granted: 0, refusal: refusal(budget, msBeforeNext) };
    const granted = Math.min(points, left);
    try {
      await this.consume(budget, callerKey, granted);
    } catch (error) {
      if (error instanceof RateLimitedError) return { granted: 0, refusal: error };
      throw error;
    }
    return granted === points ? { granted } : { granted, refusal: refusal(budget, msBeforeNext) };
  }

  /**
   * Spends `points` units of `budget` for `callerKey` (a caller, or a client address);
   * RateLimitedError when the minute's budget is gone.
   */
  async consume(budget: Budget, callerKey: string, points = 1): Promise<void> {
    const counter = this.budgets[budget];
    if (!counter || points <= 0) return;
    const spending = await counter.reservations.spend(callerKey, points);
    if (!spending.granted) throw refusal(budget, spending.msBeforeNext);
  }
}

/**
 * What the caller may still spend: the units this instance holds, and what the shared counter has
 * not handed out (it counts other instances' unspent reservations as spent, which only errs low).
 * Only the spending that follows is authoritative; this estimate sizes it.
 */
async function unitsLeft(
  { limiter, reservations }: BudgetCounter,
  callerKey: string,
  points: number,
): Promise<{ left: number; msBeforeNext: number }> {
  const held = reservations.peek(callerKey);
  if (held.points >= points) return { left: points, msBeforeNext: 0 };
  if (held.refusedForMs !== undefined) return { left: held.points, msBeforeNext: held.refusedForMs };
  const state = await limiter.get(callerKey).catch(() => undefined);
  if (state === undefined) return { left: points, msBeforeNext: 1000 };
  const unreserved = Math.max(0, limiter.points - (state?.consumedPoints ?? 0));
  return { left: unreserved + held.points, msBeforeNext: state?.msBeforeNext ?? 1000 };
}

function refusal(budget: Budget, msBeforeNext: number): RateLimitedError {
  return new RateLimitedError(budget, Math.max(1, Math.ceil(msBeforeNext / 1000)));
}
