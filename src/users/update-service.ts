import { randomUUID } from 'node:crypto';
import { CceApiError } from '../cce/cce-errors';
import type { CcePort } from '../cce/cce-port';
import type { UpdateUserProfile } from '../cce/contract-types';
import type { LoggerPort } from './logger-port';
import type { PersonalData } from './personal-data';
import { assertNoCardNumberAcrossFields } from './profile-free-text';
import { RequestBudget, RequestBudgetExceededError } from './request-budget';
import { withRetries } from './retry';
import { canonicalUserId, type User } from './user';
import {
  UpdateInProgressError,
  UpdateNotAccessibleError,
  UpdateNotRecordedError,
  UserNotFoundError,
} from './user-errors';
import type { StoredProfile, UserProfileStore } from './user-profile-store';
import type { UserQueryService } from './user-query-service';

export interface UpdateServiceDependencies {
  profiles: UserProfileStore;
  queries: UserQueryService;
  cce: CcePort;
  logger: LoggerPort;
  /** Delays between attempts to record an update CCE accepted. */
  recordRetryDelaysMs?: readonly number[];
  clock: () => Date;
}

const RECORD_RETRY_DELAYS_MS = [50, 250, 1000];
/** Beyond every deadline, for the gaps between them (an event loop busy elsewhere, the network). */
const HOLD_MARGIN_MS = 5_000;

/**
 * updateUser: CCE first (PUT /issuers/users/{userid}, encrypted), then the cache, so the cache never
 * shows a profile CCE does not hold. The update is a replacement of name, locale and billing address
 * (the contract's UpdateUserProfile); the billing address itself is never stored, only whether the
 * profile now satisfies the Donate rule.
 *
 * One update of a user at a time, across instances: from before its CCE call until it is recorded,
 * an update holds the user in the database, and another one meanwhile is refused (UPDATE_IN_PROGRESS,
 * nothing sent). Two replacements in flight at once could reach CCE in one order and the cache in the
 * other, and CCE has no read of a profile to find out.
 */
export class UserUpdateService {
  constructor(private readonly deps: UpdateServiceDependencies) {}

  async update(
    id: string,
    profile: UpdateUserProfile,
    budget: RequestBudget = RequestBudget.unlimited(),
  ): Promise<User> {
    assertNoCardNumberAcrossFields(profile);
    const userId = canonicalUserId(id);
    const before = await this.deps.profiles.findActive(userId);
    if (!before) throw new UserNotFoundError();

    budget.assertTimeLeft(this.deps.cce.callDeadlineMs);
    const holdId = randomUUID();
    const heldUntil = await this.hold(userId, before.documentId, holdId);
    let release = true;
    try {
      // Taking the hold took a database write: the budget is checked again right before CCE is called,
      // and so is the hold, which must outlast the call with all its retries.
      budget.assertTimeLeft(this.deps.cce.callDeadlineMs);
      if (this.deps.clock().getTime() + this.deps.cce.retriedCallMs >= heldUntil.getTime()) {
        throw new RequestBudgetExceededError('deadline');
      }
      await this.send(userId, profile);
      await this.record(userId, profile, before, holdId);
    } catch (error) {
      // CCE may still apply an update whose outcome is unknown: the hold stays until it lapses, so that
      // no later update reaches CCE before this one might.
      if ((error as { outcome?: string }).outcome === 'UNKNOWN') release = false;
      throw error;
    } finally {
      if (release) await this.release(userId, before.documentId, holdId);
    }
    const [user] = await this.deps.queries.byIds([userId]);
    if (!user) throw new UserNotFoundError();
    return user;
  }

  private async send(userId: string, profile: UpdateUserProfile): Promise<void> {
    try {
      await this.deps.cce.updateUser(userId, profile);
    } catch (error) {
      // A refusal only: a 5xx carrying one of these codes keeps its unknown outcome.
      const refusal =
        error instanceof CceApiError && error.outcome === 'SENT_REJECTED' ? error.reasonCode : '';
      if (refusal === 'UPDATE_USER_NOT_ACCESSIBLE') throw new UpdateNotAccessibleError();
      if (refusal === 'USER_NOT_FOUND') throw new UserNotFoundError();
      throw error;
    }
  }

  /**
   * Holds the user for as long as the update may take: its CCE call with every retry, then every
   * attempt at recording it (a read and a write each), and a margin. A hold whose holder died lapses then.
   */
  private async hold(userId: string, documentId: string, holdId: string): Promise<Date> {
    const { profiles, cce } = this.deps;
    const delays = this.recordRetryDelaysMs;
    const recordMs =
      delays.reduce((sum, delay) => sum + delay, 0) + (delays.length + 1) * 2 * profiles.maxTimeMS;
    const now = this.deps.clock();
    const until = new Date(now.getTime() + cce.retriedCallMs + recordMs + HOLD_MARGIN_MS);
    let held: boolean;
    try {
      held = await profiles.holdForUpdate(documentId, holdId, now, until);
    } catch (error) {
      // The write may have been applied with its answer lost: let go of it rather than wait for the lapse.
      await this.release(userId, documentId, holdId);
      throw error;
    }
    if (held) return until;
    // Not held: another update holds the user, or it left ACTIVE since it was read.
    if (!(await profiles.findActive(userId))) throw new UserNotFoundError();
    throw new UpdateInProgressError();
  }

  private get recordRetryDelaysMs(): readonly number[] {
    return this.deps.recordRetryDelaysMs ?? RECORD_RETRY_DELAYS_MS;
  }

  /** Best effort: a hold that cannot be released lapses on its own. */
  private async release(userId: string, documentId: string, holdId: string): Promise<void> {
    await this.deps.profiles.releaseUpdateHold(documentId, holdId).catch((error: Error) => {
      this.deps.logger.warn(
        { userId, error: error.message },
        'the hold of a finished update could not be released; the next update of this user waits for it to lapse',
      );
    });
  }

  /** CCE holds the new profile: the cache follows, retried, since sending the update again is safe but costly. */
  private async record(
    userId: string,
    profile: UpdateUserProfile,
    before: StoredProfile,
    holdId: string,
  ): Promise<void> {
    // The read from before the CCE call serves the first attempt: compare-and-set refuses it if the
    // user changed meanwhile, and each retry reads again.
    let known: StoredProfile | undefined = before;
    const attempt = async () => {
      const read = known ?? (await this.deps.profiles.findActive(userId));
      known = undefined;
      // Deleted meanwhile: nothing left to update.
      if (!read) return;
      const written = await this.deps.profiles.replace(
        read,
        updated(read, profile),
        completesDonate(read, profile),
        holdId,
      );
      if (!written)
        throw new Error('the user changed, or the update lost its hold, while it was being updated');
    };
    try {
      await withRetries(attempt, this.recordRetryDelaysMs);
    } catch (error) {
      this.deps.logger.error(
        { userId, error: (error as Error).message },
        'CCE accepted an update the cache could not record; sending the same update again is safe',
      );
      throw new UpdateNotRecordedError();
    }
  }
}

function updated(read: StoredProfile, profile: UpdateUserProfile): PersonalData {
  return {
    ...read.personal,
    cardholderName: read.personal?.cardholderName ?? '',
    name: { firstName: profile.name.firstName, lastName: profile.name.lastName },
    locale: profile.locale,
  };
}

/**
 * The update carries name and locale (required) and maybe a billing address; email, cardholder name
 * and card data came with the enrollment. A replacement without an address leaves CCE without one.
 */
function completesDonate(read: StoredProfile, profile: UpdateUserProfile): boolean {
  return Boolean(profile.billingAddress && read.personal?.email?.value);
}
