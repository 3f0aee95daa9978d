import { MAX_USER_IDS_PER_DELETION } from '../cce/cce-client';
import type { CcePort } from '../cce/cce-port';
import type { LoggerPort } from './logger-port';
import { withRetries } from './retry';
import { RequestBudget } from './request-budget';
import { canonicalUserId, isUserId, USER_ID_RULE } from './user';
import { InvalidInputError } from './user-errors';
import type { UserRepository } from './user-repository';

export interface DeletionReport {
  /** CCE accepted these for deletion (or already had): they are DELETION_PENDING. */
  readonly accepted: string[];
  /** CCE does not know these users (or they were deleted more than 24 h ago). */
  readonly notFound: string[];
  /** The CCE call for their batch failed; the error's outcome says whether CCE may have deleted them. */
  readonly failed: { id: string; error: Error }[];
}

export interface DeletionServiceDependencies {
  repository: UserRepository;
  cce: CcePort;
  clock: () => Date;
  logger: LoggerPort;
  /** Ids one request may carry (DELETE_USERS_MAX_IDS); CCE still gets them in batches of 500. */
  maxIdsPerRequest: number;
}

/**
 * Deletes users at CCE in batches of at most 500 and marks them DELETION_PENDING in the cache.
 * CCE is the source of truth: ids unknown to the cache are still sent, so users enrolled before
 * the cache existed can be deleted too.
 */
export class DeletionService {
  constructor(private readonly deps: DeletionServiceDependencies) {}

  async deleteUsers(
    ids: readonly string[],
    budget: RequestBudget = RequestBudget.unlimited(),
  ): Promise<DeletionReport> {
    if (ids.length > this.deps.maxIdsPerRequest) {
      throw new InvalidInputError([
        { path: '', message: `at most ${this.deps.maxIdsPerRequest} ids per request` },
      ]);
    }
    const problems = ids.flatMap((id, index) =>
      isUserId(id) ? [] : [{ path: `${index}`, message: USER_ID_RULE }],
    );
    if (problems.length > 0) throw new InvalidInputError(problems);

    // CCE's ids are UUIDs, case-insensitive: the cache and every answer use the lower-case form.
    const unique = [...new Set(ids.map(canonicalUserId))];
    const statuses = await this.deps.repository.findStatuses(unique);
    const report: DeletionReport = { accepted: [], notFound: [], failed: [] };
    const toSend: string[] = [];
    for (const id of unique) {
      const status = statuses.get(id);
      if (status === 'DELETION_PENDING') report.accepted.push(id);
      else if (status === 'DELETED') report.notFound.push(id);
      else toSend.push(id);
    }

    for (let start = 0; start < toSend.length; start += MAX_USER_IDS_PER_DELETION) {
      const batch = toSend.slice(start, start + MAX_USER_IDS_PER_DELETION);
      try {
        budget.assertTimeLeft(this.deps.cce.callDeadlineMs);
      } catch (error) {
        report.failed.push(...batch.map((id) => ({ id, error: error as Error })));
        continue;
      }
      await this.deleteBatch(batch, report);
    }
    return report;
  }

  /**
   * Sends the deletions whose outcome was unknown again; CCE's answer settles each (accepted:
   * DELETION_PENDING; unknown to CCE: DELETED). Returns how many were settled.
   */
  async recheckUnknownOutcomes(): Promise<number> {
    const userIds = await this.deps.repository.findDeletionsWithUnknownOutcome(
      Math.min(MAX_USER_IDS_PER_DELETION, this.deps.maxIdsPerRequest),
    );
    if (userIds.length === 0) return 0;
    const report = await this.deleteUsers(userIds);
    return report.accepted.length + report.notFound.length;
  }

  private async rememberUnknownOutcome(batch: string[]): Promise<void> {
    await this.deps.repository
      .markDeletionOutcomeUnknown(batch, this.deps.clock())
      .catch((error: Error) =>
        this.deps.logger.error(
          { userIds: batch, error: error.message },
          'could not record deletions with an unknown outcome; deleting these ids again is safe',
        ),
      );
  }

  private async deleteBatch(batch: string[], report: DeletionReport): Promise<void> {
    let accepted: string[];
    try {
      accepted = await this.deps.cce.deleteUsers(batch);
    } catch (error) {
      report.failed.push(...batch.map((id) => ({ id, error: error as Error })));
      if ((error as { outcome?: string }).outcome === 'UNKNOWN') await this.rememberUnknownOutcome(batch);
      return;
    }
    const acceptedIds = new Set(accepted.map(canonicalUserId));
    const batchAccepted = batch.filter((id) => acceptedIds.has(id));
    const batchNotFound = batch.filter((id) => !acceptedIds.has(id));
    report.accepted.push(...batchAccepted);
    report.notFound.push(...batchNotFound);
    try {
      await withRetries(async () => {
        await this.deps.repository.markDeletionPending(batchAccepted, this.deps.clock());
        await this.deps.repository.markDeleted(batchNotFound, this.deps.clock());
      }, [50, 250]);
    } catch (error) {
      // CCE is deleting them regardless. Deleting the same ids again repairs the cache: CCE then
      // reports them unknown, and unknown ids cached as ACTIVE are marked DELETED.
      this.deps.logger.error(
        { userIds: batchAccepted, error: (error as Error).message },
        'CCE accepted deletions that the cache could not record',
      );
    }
  }
}
