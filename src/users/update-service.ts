import { CceApiError } from '../cce/cce-errors';
import type { CcePort } from '../cce/cce-port';
import type { UpdateUserProfile } from '../cce/contract-types';
import type { LoggerPort } from './logger-port';
import type { PersonalData } from './personal-data';
import { assertNoCardNumberAcrossFields } from './profile-free-text';
import { RequestBudget } from './request-budget';
import { withRetries } from './retry';
import { canonicalUserId, type User } from './user';
import { UpdateNotAccessibleError, UpdateNotRecordedError, UserNotFoundError } from './user-errors';
import type { StoredProfile, UserProfileStore } from './user-profile-store';
import type { UserQueryService } from './user-query-service';

export interface UpdateServiceDependencies {
  profiles: UserProfileStore;
  queries: UserQueryService;
  cce: CcePort;
  logger: LoggerPort;
  /** Delays between attempts to record an update CCE accepted. */
  recordRetryDelaysMs?: readonly number[];
}

/**
 * updateUser: CCE first (PUT /issuers/users/{userid}, encrypted), then the cache, so the cache never
 * shows a profile CCE does not hold. The update is a replacement of name, locale and billing address
 * (the contract's UpdateUserProfile); the billing address itself is never stored, only whether the
 * profile now satisfies the Donate rule.
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
    const { profiles, cce } = this.deps;
    const before = await profiles.findActive(userId);
    if (!before) throw new UserNotFoundError();

    budget.assertTimeLeft(cce.callDeadlineMs);
    try {
      await cce.updateUser(userId, profile);
    } catch (error) {
      if (error instanceof CceApiError && error.reasonCode === 'UPDATE_USER_NOT_ACCESSIBLE')
        throw new UpdateNotAccessibleError();
      if (error instanceof CceApiError && error.reasonCode === 'USER_NOT_FOUND')
        throw new UserNotFoundError();
      throw error;
    }
    await this.record(userId, profile, before);
    const [user] = await this.deps.queries.byIds([userId]);
    if (!user) throw new UserNotFoundError();
    return user;
  }

  /** CCE holds the new profile: the cache follows, retried, since sending the update again is safe but costly. */
  private async record(userId: string, profile: UpdateUserProfile, before: StoredProfile): Promise<void> {
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
      );
      if (!written) throw new Error('the user changed while it was being updated');
    };
    try {
      await withRetries(attempt, this.deps.recordRetryDelaysMs ?? [50, 250, 1000]);
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
