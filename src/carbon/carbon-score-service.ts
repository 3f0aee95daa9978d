import type { CcePort } from '../cce/cce-port';
import type { LoggerPort } from '../users/logger-port';
import type { RequestBudget } from '../users/request-budget';
import type { User } from '../users/user';
import { availableScore, type CarbonScore } from './carbon-score';
import type { CarbonScoreCache } from './carbon-score-cache';
import { mapWithConcurrency } from './map-with-concurrency';

export interface CarbonScoreServiceDependencies {
  cce: CcePort;
  cache: CarbonScoreCache;
  clock: () => Date;
  logger: LoggerPort;
  /** CCE_READ_CONCURRENCY: CCE calls one request may have in flight at once. */
  concurrency: number;
  /** CARBON_SCORE_CACHE_SECONDS, in ms: how long an answer is served without asking CCE again. */
  cacheMs: number;
}

/** What a score depends on: who, whether CCE still knows them, and since when. */
export type ScoredUser = Pick<User, 'id' | 'status' | 'carbonScoreAvailableAt'>;

/** What one request may still spend on CCE reads: its time budget and the caller's rate budget. */
export interface CceReadAllowance {
  readonly budget: RequestBudget;
  /**
   * Spends up to `calls` units of the caller's CCE-read budget: `granted` calls may be made, and
   * `refusal` (RATE_LIMITED) answers the others.
   */
  spend(calls: number): Promise<{ granted: number; refusal?: Error }>;
}

/**
 * Carbon scores for a batch of users (a page, or a router's entities): cached answers first, then
 * CCE for the rest with bounded concurrency, each answer stored for every instance. One user's
 * failure is that user's result, not the batch's.
 */
export class CarbonScoreService {
  constructor(private readonly deps: CarbonScoreServiceDependencies) {}

  async scores(
    users: readonly ScoredUser[],
    allowance: CceReadAllowance,
  ): Promise<(CarbonScore | null | Error)[]> {
    const { cache, clock, cacheMs } = this.deps;
    const now = clock();
    const results: (CarbonScore | null | Error)[] = users.map((user) => {
      // Deleted or being deleted: CCE has nothing to score any more.
      if (user.status !== 'ACTIVE') return null;
      const availableAt = user.carbonScoreAvailableAt;
      return now < availableAt ? { status: 'PENDING', availableAt } : null;
    });
    const wanted = users
      .map((user, index) => ({ user, index }))
      .filter(({ user, index }) => user.status === 'ACTIVE' && results[index] === null);
    if (wanted.length === 0) return results;

    const cached = await cache.findFresh(
      wanted.map(({ user }) => user.id),
      new Date(now.getTime() - cacheMs),
    );
    const misses = wanted.filter(({ user, index }) => {
      const hit = cached.get(user.id);
      if (hit) results[index] = availableScore(hit, hit.fetchedAt);
      return !hit;
    });
    if (misses.length === 0) return results;

    const { granted, refusal } = await allowance.spend(misses.length);
    for (const { index } of misses.slice(granted)) results[index] = refusal ?? new Error('not allowed');
    const allowed = misses.slice(0, granted);
    const fetched = await mapWithConcurrency(allowed, this.deps.concurrency, ({ user }) =>
      this.fetch(user.id, allowance.budget),
    );
    allowed.forEach(({ index }, position) => (results[index] = fetched[position]!));
    return results;
  }

  private async fetch(userId: string, budget: RequestBudget): Promise<CarbonScore> {
    const { cce, cache, clock, logger } = this.deps;
    budget.assertTimeLeft(cce.callDeadlineMs);
    const score = await cce.getCarbonScore(userId);
    const fetchedAt = clock();
    // A score that could not be stored is still served; the next request asks CCE again.
    await cache
      .save(userId, score, fetchedAt)
      .catch((error: Error) =>
        logger.warn({ userId, error: error.message }, 'could not cache a carbon score'),
      );
    return availableScore(score, fetchedAt);
  }
}
